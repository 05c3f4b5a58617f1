package dev.flightdeck.ops.lagexporter;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightdeck.clients.ClusterProfile;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Kafka source where no Kafka answers: a one-line reason naming the address, within the request timeout. */
class KafkaGroupLagTest {

    @Test
    void shouldNameTheBootstrapAddressWhenKafkaDoesNotAnswer() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String bootstrap = "127.0.0.1:" + closedPort;
        ClusterProfile profile = ClusterProfile.of(Map.of("bootstrap.servers", bootstrap), "test profile");

        try (KafkaGroupLag kafka = new KafkaGroupLag(profile, Duration.ofSeconds(1))) {
            assertThatThrownBy(kafka::groupIds)
                    .isInstanceOf(LagUnreadableException.class)
                    .hasMessageStartingWith("Kafka at " + bootstrap + " did not answer within 1000 ms (listing the consumer groups)")
                    .hasMessageNotContaining("\n");
        }
    }
}
