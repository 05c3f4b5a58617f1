package dev.flightdeck.streams.runtime;

import dev.flightdeck.clients.BasicCredentials;
import dev.flightdeck.registry.serde.SchemaLookupPerInstance;
import io.apicurio.registry.serde.Legacy4ByteIdHandler;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Avro in the Confluent wire format through Apicurio's serde, the schema registered on first use
 * (the registry's BACKWARD rule refuses a breaking one) and looked up once per class, read back
 * into the generated classes. Bytes that do not decode fail as the CDC decoder's do (see
 * {@link CheckedAvroDeserializer}), so that the error handlers can tell a bad record from an outage.
 */
public final class ApicurioAvro {

    private ApicurioAvro() {
    }

    /**
     * Settings of Apicurio's serializers and deserializers for the Confluent wire format (magic
     * byte, 4-byte id, no headers), schemas registered on first use. The id handler is named as
     * well as {@code as-confluent}: Apicurio 2.6 warns of a duplicate configuration otherwise, on
     * every serializer it configures. With {@code credentials} (null: anonymous) the serde
     * authenticates with Basic authentication, which registering a schema needs.
     */
    public static Map<String, Object> confluentWireFormat(String apicurioRegistryUrl, BasicCredentials credentials) {
        Map<String, Object> serde = new HashMap<>();
        serde.put("apicurio.registry.url", apicurioRegistryUrl);
        if (credentials != null) {
            serde.put("apicurio.auth.username", credentials.user());
            serde.put("apicurio.auth.password", credentials.password());
        }
        serde.put("apicurio.registry.auto-register", true);
        serde.put("apicurio.registry.as-confluent", true);
        serde.put("apicurio.registry.id-handler", Legacy4ByteIdHandler.class.getName());
        serde.put("apicurio.registry.use-id", "contentId");
        serde.put("apicurio.registry.headers.enabled", false);
        return serde;
    }

    public static <T> Serde<T> serde(String apicurioRegistryUrl, BasicCredentials credentials, boolean isKey) {
        Map<String, Object> serde = confluentWireFormat(apicurioRegistryUrl, credentials);
        serde.put("apicurio.registry.use-specific-avro-reader", true);
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>(new SchemaLookupPerInstance<>());
        serializer.configure(serde, isKey);
        AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(serde, isKey);
        return Serdes.serdeFrom(serializer, new CheckedAvroDeserializer<>(deserializer));
    }
}
