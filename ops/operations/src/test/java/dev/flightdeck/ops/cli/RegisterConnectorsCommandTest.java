package dev.flightdeck.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightdeck.clients.EndpointException;
import dev.flightdeck.clients.UnreachableEndpointException;
import dev.flightdeck.ops.OpsException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A registration rides out a worker that accepts no connection for a while, and only that. */
class RegisterConnectorsCommandTest {

    @Test
    void shouldRetryWhileConnectIsUnreachableThenGoOn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String answer = RegisterConnectorsCommand.retriedWhileUnreachable("debezium-mysql-flights", Duration.ofSeconds(30), () -> {
            if (calls.incrementAndGet() < 3) {
                throw new UnreachableEndpointException("Kafka Connect at https://connect-1:8083 accepted no connection", null);
            }
            return "registered";
        });

        assertThat(answer).isEqualTo("registered");
        assertThat(calls).hasValue(3);
    }

    @Test
    void shouldNameTheEndpointWhenItStaysUnreachable() {
        assertThatThrownBy(() -> RegisterConnectorsCommand.retriedWhileUnreachable("redis-sink-flights", Duration.ofMillis(1500), () -> {
            throw new UnreachableEndpointException("Kafka Connect at https://connect-1:8083 accepted no connection", null);
        })).isInstanceOf(OpsException.class)
                .hasMessageContaining("redis-sink-flights: Connect stayed unreachable for 1 s")
                .hasMessageContaining("https://connect-1:8083");
    }

    @Test
    void shouldNotRetryARefusal() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> RegisterConnectorsCommand.retriedWhileUnreachable("redis-sink-flights", Duration.ofSeconds(30), () -> {
            calls.incrementAndGet();
            throw new EndpointException("Connect refused redis-sink-flights.json: HTTP 400", null);
        })).isInstanceOf(EndpointException.class);
        assertThat(calls).hasValue(1);
    }
}
