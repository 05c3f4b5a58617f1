package dev.flightdeck.anomalies;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnomalyDetectorConfigTest {

    @Test
    void shouldServeTheOpsEndpointsOnPort8091ByDefault() {
        assertThat(config(Map.of()).opsListener()).isEqualTo(new InetSocketAddress("127.0.0.1", 8091));
    }

    @Test
    void shouldStillReadHttpListenerAsTheOpsListenerWhenOpsListenerIsNotGiven() {
        assertThat(config(Map.of("http.listener", "127.0.0.1:18091")).opsListener()).isEqualTo(new InetSocketAddress("127.0.0.1", 18091));
        assertThat(config(Map.of("http.listener", "127.0.0.1:18091", "ops.listener", "127.0.0.1:0")).opsListener())
                .as("the new name wins").isEqualTo(new InetSocketAddress("127.0.0.1", 0));
    }

    @Test
    void shouldWatchTheAppsAndSinksDeadLetterTopicsByDefault() {
        AnomalyDetectorConfig defaults = config(Map.of());
        assertThat(defaults.topics().deadLetters()).containsExactly("seat-availability-dlq", "anomaly-detector-dlq",
                "redis-sink-flights-dlq", "elasticsearch-sink-flights-dlq");
        assertThat(defaults.thresholds().deadLettersWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config(Map.of("dead-letters.topics", "")).topics().deadLetters()).isEqualTo(List.of());
    }

    @Test
    void shouldCommitOnceASecondUnlessToldOtherwise() {
        assertThat(config(Map.of()).streamsProperties()).containsEntry("commit.interval.ms", 1000L);
        assertThat(config(Map.of("commit.interval.ms", "250")).streamsProperties()).containsEntry("commit.interval.ms", 250L);
    }

    private static AnomalyDetectorConfig config(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("bootstrap.servers", "127.0.0.1:9", "schema.registry.url", "http://r",
                "apicurio.registry.url", "http://a"));
        all.putAll(settings);
        return new AnomalyDetectorConfig(all);
    }
}
