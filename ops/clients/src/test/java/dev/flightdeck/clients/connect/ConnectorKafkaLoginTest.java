package dev.flightdeck.clients.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorKafkaLoginTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> LOGIN = Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "ScramLoginModule required username=\"flightdeck-redis-sink\" password=\"${dir:/run/secrets:p}\";",
            "ssl.truststore.location", "/run/secrets/kafka_ca",
            "config.providers", "dir");

    @Test
    void aSinkLogsInThroughTheOverridesThePrincipalPolicyAllowsOnly() {
        ObjectNode sink = JSON.createObjectNode().put("topics", "flight-availability");
        ConnectorKafkaLogin.apply(sink, LOGIN);
        for (String client : new String[] {"consumer", "producer", "admin"}) {
            assertThat(sink.path(client + ".override.sasl.jaas.config").asText()).contains("flightdeck-redis-sink", "${dir:");
            assertThat(sink.path(client + ".override.security.protocol").asText()).isEqualTo("SASL_SSL");
        }
        assertThat(sink.properties()).noneMatch(field -> field.getKey().contains("ssl.truststore") || field.getKey().contains("config.providers"));
    }

    @Test
    void debeziumsSchemaHistoryClientsTakeEverySettingButTheProviders() {
        ObjectNode source = JSON.createObjectNode().put("schema.history.internal.kafka.bootstrap.servers", "kafka-1:9092");
        ConnectorKafkaLogin.apply(source, LOGIN);
        assertThat(source.path("schema.history.internal.producer.ssl.truststore.location").asText()).isEqualTo("/run/secrets/kafka_ca");
        assertThat(source.path("schema.history.internal.consumer.sasl.mechanism").asText()).isEqualTo("SCRAM-SHA-512");
        assertThat(source.has("schema.history.internal.consumer.config.providers")).isFalse();
        assertThat(source.has("consumer.override.sasl.jaas.config")).isFalse();
    }

    @Test
    void noSettingsChangeNothing() {
        ObjectNode sink = JSON.createObjectNode().put("topics", "anomalies");
        ConnectorKafkaLogin.apply(sink, Map.of());
        assertThat(sink.size()).isEqualTo(1);
    }
}
