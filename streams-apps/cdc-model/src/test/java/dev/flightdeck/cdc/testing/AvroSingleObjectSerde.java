package dev.flightdeck.cdc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Avro's own single-object encoding of a generated class: a serde for topology tests, with no registry. */
public final class AvroSingleObjectSerde<T> implements Serde<T> {

    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    public AvroSingleObjectSerde(Schema schema) {
        this.encoder = new BinaryMessageEncoder<>(SpecificData.getForSchema(schema), schema);
        this.decoder = new BinaryMessageDecoder<>(SpecificData.getForSchema(schema), schema);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            try {
                return value == null ? null : encoder.encode(value).array();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Bytes that do not decode are refused as Kafka's deserializers refuse them, with a SerializationException. */
    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            try {
                return bytes == null ? null : decoder.decode(ByteBuffer.wrap(bytes));
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read " + topic + " as Avro single-object encoding: " + e, e);
            }
        };
    }
}
