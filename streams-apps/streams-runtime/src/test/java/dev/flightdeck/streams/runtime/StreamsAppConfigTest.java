package dev.flightdeck.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsAppConfigTest {

    @Test
    void shouldNameOpsListenerWhenItHasNoPort() {
        assertThatThrownBy(() -> config(Map.of(StreamsAppConfig.OPS_LISTENER_CONFIG, "127.0.0.1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(StreamsAppConfig.OPS_LISTENER_CONFIG)
                .hasMessageContaining("expected host:port")
                .hasMessageContaining("no port");
        assertThatThrownBy(() -> config(Map.of(StreamsAppConfig.OPS_LISTENER_CONFIG, "127.0.0.1:http")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("port 'http' is not a number");
        assertThatThrownBy(() -> config(Map.of(StreamsAppConfig.OPS_LISTENER_CONFIG, ":8090")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no host");
    }

    @Test
    void shouldGiveEachAppItsOwnDefaults() {
        ExampleApp.Config config = config(Map.of());

        assertThat(config.applicationId()).isEqualTo("example");
        assertThat(config.deadLetterTopic()).isEqualTo("example-dlq");
        assertThat(config.getString(StreamsAppConfig.STATE_DIR_CONFIG)).isEqualTo("/var/lib/flightdeck/example");
        assertThat(config.opsListener()).isEqualTo(new InetSocketAddress("127.0.0.1", 8099));
        assertThat(config.replicationFactor()).isEmpty();
    }

    @Test
    void shouldRunExactlyOnceWithTheDeadLetterHandlersAndLetStreamsOverridesWin() {
        Properties streams = config(Map.of(StreamsAppConfig.TOPIC_DEAD_LETTERS_CONFIG, "bad-records",
                StreamsAppConfig.NUM_STREAM_THREADS_CONFIG, "2", "streams.commit.interval.ms", "1000")).streamsProperties();

        assertThat(streams).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterBadRecords.Processing.class)
                .containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterBadRecords.Deserialization.class)
                .containsEntry(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "bad-records")
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "example")
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2)
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
    }

    @Test
    void shouldGiveUpOnASilentInstanceAfterFifteenSecondsUnlessToldOtherwise() {
        assertThat(config(Map.of()).streamsProperties()).containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 15_000);
        assertThat(config(Map.of("streams.session.timeout.ms", "45000")).streamsProperties())
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "45000");
    }

    @Test
    void shouldGiveTheAppsOtherKafkaClientsTheConnectionsSecurityButNotStreamsTuning() {
        Map<String, Object> client = config(Map.of("streams.security.protocol", "SASL_SSL",
                "streams.sasl.mechanism", "SCRAM-SHA-512",
                "streams.ssl.truststore.location", "/etc/flightdeck/kafka-ca.pem",
                "streams.config.providers", "file",
                "streams.num.stream.threads", "2")).clientConfig();

        assertThat(client).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/flightdeck/kafka-ca.pem").containsEntry("config.providers", "file")
                .containsKey(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)
                .doesNotContainKey("num.stream.threads");
    }

    private static ExampleApp.Config config(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(ExampleApp.REQUIRED);
        all.putAll(settings);
        return new ExampleApp.Config(all);
    }
}
