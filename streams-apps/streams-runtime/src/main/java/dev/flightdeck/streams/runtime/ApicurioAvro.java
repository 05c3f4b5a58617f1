package dev.flightdeck.streams.runtime;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Avro in the Confluent wire format through Apicurio's serde, the schema registered on first use
 * (the registry's BACKWARD rule refuses a breaking one) and looked up once per class, read back
 * into the generated classes.
 */
public final class ApicurioAvro {

    private ApicurioAvro() {
    }

    public static <T> Serde<T> serde(String apicurioRegistryUrl, boolean isKey) {
        Map<String, Object> serde = new HashMap<>();
        serde.put("apicurio.registry.url", apicurioRegistryUrl);
        serde.put("apicurio.registry.auto-register", true);
        serde.put("apicurio.registry.as-confluent", true);
        serde.put("apicurio.registry.use-id", "contentId");
        serde.put("apicurio.registry.headers.enabled", false);
        serde.put("apicurio.registry.use-specific-avro-reader", true);
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>(new SchemaLookupPerClass<>());
        serializer.configure(serde, isKey);
        AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(serde, isKey);
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
