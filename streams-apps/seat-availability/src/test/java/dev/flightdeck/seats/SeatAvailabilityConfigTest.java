package dev.flightdeck.seats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class SeatAvailabilityConfigTest {

    @Test
    void shouldServeTheApiAndTheOpsEndpointsOnTwoPorts() {
        SeatAvailabilityConfig defaults = config(Map.of());

        assertThat(defaults.apiListener()).isEqualTo(new InetSocketAddress("127.0.0.1", 8090));
        assertThat(defaults.opsListener()).isEqualTo(new InetSocketAddress("127.0.0.1", 8190));
        assertThat(defaults.peersTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.streamsProperties()).as("peers reach each other's API")
                .containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:8090");
    }

    @Test
    void shouldRefuseOneListenerForBoth() {
        assertThatThrownBy(() -> config(Map.of("http.listener", "127.0.0.1:9000", "ops.listener", "127.0.0.1:9000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ops.listener").hasMessageContaining("port of their own");
        assertThat(config(Map.of("http.listener", "127.0.0.1:0", "ops.listener", "127.0.0.1:0")).opsListener().getPort())
                .as("two free ports").isZero();
    }

    @Test
    void shouldNameABadOpsListener() {
        assertThatThrownBy(() -> config(Map.of("ops.listener", "localhost")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ops.listener").hasMessageContaining("no port");
    }

    private static SeatAvailabilityConfig config(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("bootstrap.servers", "127.0.0.1:9", "schema.registry.url", "http://r",
                "apicurio.registry.url", "http://a"));
        all.putAll(settings);
        return new SeatAvailabilityConfig(all);
    }
}
