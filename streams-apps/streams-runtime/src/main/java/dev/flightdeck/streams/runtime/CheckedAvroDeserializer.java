package dev.flightdeck.streams.runtime;

import dev.flightdeck.cdc.ConfluentAvroDecoder;
import dev.flightdeck.cdc.InvalidWireFormatException;
import dev.flightdeck.cdc.RegistryUnavailableException;
import io.apicurio.registry.rest.client.exception.NotFoundException;
import io.apicurio.rest.client.error.ApicurioRestClientException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Apicurio's Avro deserializer, its failures said the way the CDC decoder says them: whatever goes
 * wrong reading the bytes (a wrong magic byte, too few bytes, a size over Avro's limits, a bad union
 * index) is {@link InvalidWireFormatException}, an id the registry does not know as well; a registry
 * that cannot answer is {@link RegistryUnavailableException}. Apicurio itself throws all sorts, some
 * unwrapped from Avro.
 */
final class CheckedAvroDeserializer<T> implements Deserializer<T> {

    private final Deserializer<T> apicurio;

    CheckedAvroDeserializer(Deserializer<T> apicurio) {
        this.apicurio = apicurio;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        apicurio.configure(configs, isKey);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        try {
            checkHeader(data);
            return apicurio.deserialize(topic, data);
        } catch (RuntimeException e) {
            throw refused(topic, data, e);
        }
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        try {
            checkHeader(data);
            return apicurio.deserialize(topic, headers, data);
        } catch (RuntimeException e) {
            throw refused(topic, data, e);
        }
    }


    @Override
    public void close() {
        apicurio.close();
    }

    /** The Confluent header, said as the CDC decoder says it; Apicurio's own words for a wrong one are obscure. */
    private static void checkHeader(byte[] data) {
        if (data != null) {
            ConfluentAvroDecoder.schemaId(data);
        }
    }

    private static RuntimeException refused(String topic, byte[] data, RuntimeException failure) {
        if (failure instanceof InvalidWireFormatException invalid) {
            return invalid;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof NotFoundException) {
                return new InvalidWireFormatException("the schema id in a record of " + topic + " (" + schemaId(data)
                        + ") is not in the registry", failure);
            }
            if (cause instanceof ApicurioRestClientException || cause.getClass().getName().startsWith("java.net.")) {
                return new RegistryUnavailableException("the schema registry did not answer for a record of " + topic + ": " + cause,
                        failure);
            }
        }
        return new InvalidWireFormatException("a record of " + topic + " does not decode as Avro in the Confluent wire format: "
                + failure, failure);
    }

    private static String schemaId(byte[] data) {
        return data != null && data.length >= 5 ? String.valueOf(ByteBuffer.wrap(data, 1, 4).getInt()) : "?";
    }
}
