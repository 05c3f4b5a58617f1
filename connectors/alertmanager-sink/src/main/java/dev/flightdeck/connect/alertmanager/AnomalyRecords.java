package dev.flightdeck.connect.alertmanager;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Reads records of the anomalies topic (values: {@code dev.flightdeck.schemas.Anomaly} as Connect
 * structs from the Avro converter; keys: the anomaly id as a string) into {@link AnomalySignal}s.
 * A record it cannot read throws {@link DataException} with the reason, for the dead-letter topic.
 */
final class AnomalyRecords {

    static final String CONNECTOR_FAILED = "CONNECTOR_FAILED";
    static final String CONNECTOR_RECOVERED = "CONNECTOR_RECOVERED";

    /**
     * How the anomaly detector's connector watch names, in a CONNECTOR_RECOVERED anomaly's
     * evidence, the CONNECTOR_FAILED anomaly it ends: the schema has no field for it.
     */
    private static final Pattern RECOVERS = Pattern.compile("recovers alert (\\S+)");

    AnomalySignal read(SinkRecord record) {
        if (record.value() == null) {
            return new AnomalySignal.Tombstone(keyId(record.key()));
        }
        if (!(record.value() instanceof Struct value)) {
            throw new DataException("value of anomaly " + record.key() + " is a " + record.value().getClass().getSimpleName()
                    + ", not a struct: configure the Avro converter (value.converter) for this topic");
        }
        String id = string(value, "id", true);
        String type = string(value, "type", true);
        List<String> evidence = evidence(value, id);
        if (CONNECTOR_RECOVERED.equals(type)) {
            String connector = string(value, "connector", false);
            String failedId = evidence.stream().map(RECOVERS::matcher).filter(Matcher::matches).map(m -> m.group(1))
                    .findFirst().orElse(null);
            if (connector == null && failedId == null) {
                throw new DataException("CONNECTOR_RECOVERED anomaly " + id + " names neither its connector nor, in its evidence, "
                        + "the alert it recovers ('recovers alert ID'): there is nothing to resolve");
            }
            return new AnomalySignal.ConnectorRecovered(connector, failedId);
        }
        Object flightId = field(value, "flightId", false);
        if (flightId != null && !(flightId instanceof Number)) {
            throw new DataException("field flightId of anomaly " + id + " is not a number: " + flightId);
        }
        return new AnomalySignal.Raised(id, type, string(value, "severity", true),
                flightId == null ? null : ((Number) flightId).longValue(), string(value, "cabin", false), string(value, "seat", false),
                string(value, "route", false), string(value, "table", false), string(value, "connector", false), evidence,
                string(value, "explanation", true), instant(field(value, "detectedAt", true), id));
    }

    /** A tombstone's key: the id of the anomaly it withdraws (a string, or its UTF-8 bytes with a byte-array key converter). */
    private static String keyId(Object key) {
        String id = key instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : key instanceof String s ? s : null;
        if (id == null || id.isBlank()) {
            throw new DataException("tombstone " + (key == null ? "without a key" : "with a " + key.getClass().getSimpleName() + " key")
                    + ": expected the id of the anomaly it withdraws (key.converter StringConverter)");
        }
        return id.trim();
    }

    private static List<String> evidence(Struct value, String id) {
        Object evidence = field(value, "evidence", false);
        if (evidence == null) {
            return List.of();
        }
        if (!(evidence instanceof List<?> items)) {
            throw new DataException("field evidence of anomaly " + id + " is not an array");
        }
        return items.stream().filter(item -> item != null).map(Object::toString).toList();
    }

    private static Object field(Struct struct, String name, boolean required) {
        if (struct.schema().field(name) == null) {
            if (required) {
                throw new DataException("field " + name + " is missing from " + struct.schema().name());
            }
            return null;
        }
        Object value = struct.get(name);
        if (value == null && required) {
            throw new DataException("field " + name + " of " + struct.schema().name() + " is null");
        }
        return value;
    }

    /** The field's text; null when absent or blank and not required. */
    private static String string(Struct struct, String name, boolean required) {
        Object value = field(struct, name, required);
        String text = value == null ? null : value.toString().strip();
        if (text != null && text.isEmpty()) {
            if (required) {
                throw new DataException("field " + name + " of " + struct.schema().name() + " is empty");
            }
            return null;
        }
        return text;
    }

    private static Instant instant(Object value, String id) {
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Number millis) {
            return Instant.ofEpochMilli(millis.longValue());
        }
        throw new DataException("field detectedAt of anomaly " + id + " is not a timestamp: " + value);
    }
}
