package dev.flightdeck.stack.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.stack.StackException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Waiting for a connector to run, against a stand-in of Connect's status endpoint. */
class StackConnectorsTest {

    private static final String TRACE = "org.apache.kafka.connect.errors.ConnectException: Failed to flush offsets\\n"
            + "Caused by: org.apache.kafka.common.errors.TimeoutException: expired";

    private HttpServer connect;
    private final AtomicInteger polls = new AtomicInteger();
    /** What the status endpoint answers at each poll; the last one for ever after. */
    private volatile List<String> taskStates = List.of();

    @BeforeEach
    void startConnect() throws IOException {
        connect = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        connect.createContext("/connectors/capture/status", exchange -> {
            int poll = polls.getAndIncrement();
            String state = taskStates.get(Math.min(poll, taskStates.size() - 1));
            String trace = state.equals("FAILED") ? ",\"trace\":\"" + TRACE + "\"" : "";
            byte[] body = ("{\"name\":\"capture\",\"connector\":{\"state\":\"RUNNING\",\"worker_id\":\"w:1\"},"
                    + "\"tasks\":[{\"id\":0,\"state\":\"" + state + "\",\"worker_id\":\"w:1\"" + trace + "}],\"type\":\"source\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        connect.start();
    }

    @AfterEach
    void stopConnect() {
        connect.stop(0);
    }

    private ConnectClient rest() {
        return new ConnectClient("http://127.0.0.1:" + connect.getAddress().getPort());
    }

    @Test
    void shouldWaitForATaskJustRestartedWhileItsStatusStillShowsTheOldFailure() throws Exception {
        taskStates = List.of("FAILED", "FAILED", "RESTARTING", "RUNNING");
        String trace = rest().status("capture").tasks().getFirst().trace();
        polls.set(0);

        StackConnectors.awaitRunning(rest(), "capture", Duration.ofSeconds(20), Map.of(0, trace));

        assertThat(polls.get()).isEqualTo(4);
    }

    @Test
    void shouldNameTheFailureAndItsCauseOfATaskNobodyRestarted() {
        taskStates = List.of("FAILED");

        assertThatThrownBy(() -> StackConnectors.awaitRunning(rest(), "capture", Duration.ofSeconds(20), Map.of()))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("connector capture task 0 FAILED")
                .hasMessageContaining("caused by org.apache.kafka.common.errors.TimeoutException: expired");
        assertThat(polls.get()).isEqualTo(1);
    }
}
