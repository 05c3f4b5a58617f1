package dev.flightdeck.streams.runtime;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one format of the apps' own records in their internal topics and stores (repartition
 * topics, changelogs, seat-availability's aircraft-seating topic): JSON that any console consumer
 * shows, each value wrapped with the version of the layout it was written in,
 * {@code {"schemaVersion":1,"value":{...}}}. A value of another version is refused with a
 * SerializationException that says so, rather than read wrongly. Fields this build does not know
 * are ignored, so that a field added by a newer instance during a rolling upgrade does not stop an
 * older one. Never used for the topics other teams read: those are Avro.
 *
 * <p>Times and durations are written as milliseconds (no time here is more precise), which is
 * cheaper to write and read than ISO text; decimals as plain digits, their scale kept.
 */
public final class JsonSerde<T> implements Serde<T> {

    /** The layout version this build writes and reads. Raise it when a stored record changes incompatibly. */
    public static final int SCHEMA_VERSION = 1;

    static final String VERSION_FIELD = "schemaVersion";
    static final String VALUE_FIELD = "value";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS)
            .disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private final Class<T> type;
    private final ObjectWriter writer;
    private final ObjectReader reader;

    private JsonSerde(Class<T> type) {
        this.type = type;
        this.writer = MAPPER.writerFor(type);
        this.reader = MAPPER.readerFor(type);
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : write(topic, value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(topic, bytes);
    }

    private byte[] write(String topic, T value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = MAPPER.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField(VERSION_FIELD, SCHEMA_VERSION);
            json.writeFieldName(VALUE_FIELD);
            writer.writeValue(json, value);
            json.writeEndObject();
        } catch (IOException e) {
            throw new SerializationException("cannot write " + type.getSimpleName() + " for " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private T read(String topic, byte[] bytes) {
        try (JsonParser json = MAPPER.createParser(bytes)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw refused(topic, "it is not a JSON object");
            }
            boolean versionSeen = false;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken token = json.nextToken();
                if (field.equals(VERSION_FIELD)) {
                    if (token != JsonToken.VALUE_NUMBER_INT) {
                        throw refused(topic, VERSION_FIELD + " is " + json.getText() + ", not a number");
                    }
                    if (json.getIntValue() != SCHEMA_VERSION) {
                        throw new UnknownVersionException("cannot read " + type.getSimpleName() + " from " + topic
                                + ": it was written with schema version " + json.getText() + " and this build reads version "
                                + SCHEMA_VERSION + " only; run a build that knows that version");
                    }
                    versionSeen = true;
                } else if (field.equals(VALUE_FIELD)) {
                    if (!versionSeen) {
                        throw refused(topic, "it has no " + VERSION_FIELD + " before its value");
                    }
                    return reader.readValue(json);
                } else {
                    json.skipChildren();
                }
            }
            throw refused(topic, "it has no " + (versionSeen ? VALUE_FIELD : VERSION_FIELD));
        } catch (IOException e) {
            throw new SerializationException("cannot read " + type.getSimpleName() + " from " + topic + ": " + e.getMessage(), e);
        }
    }

    /**
     * A value written in a layout version this build does not know (a newer instance wrote it during
     * a rolling upgrade): not a bad record, as a newer build reads it; the task fails rather than drop it.
     */
    public static final class UnknownVersionException extends SerializationException {
        UnknownVersionException(String message) {
            super(message);
        }
    }

    private SerializationException refused(String topic, String why) {
        return new SerializationException("cannot read " + type.getSimpleName() + " from " + topic + ": " + why);
    }
}
