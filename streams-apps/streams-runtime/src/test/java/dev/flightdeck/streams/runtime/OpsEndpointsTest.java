package dev.flightdeck.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The health and metrics endpoints, with Kafka Streams' state set by the test. */
class OpsEndpointsTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
    private final AtomicBoolean ready = new AtomicBoolean();
    private OpsEndpoints endpoints;

    @BeforeEach
    void start() throws Exception {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics.counter("flightdeck.test").increment();
        endpoints = new OpsEndpoints(new InetSocketAddress("127.0.0.1", 0), state::get,
                () -> state.get() == State.RUNNING && ready.get(), metrics, null);
        endpoints.start();
    }

    @AfterEach
    void stop() {
        endpoints.close();
    }

    @Test
    void shouldBeLiveAndReadyWhileRunningAndReady() throws Exception {
        state.set(State.RUNNING);
        ready.set(true);

        assertThat(get("/health/live")).isEqualTo("200 {\"status\":\"UP\",\"state\":\"RUNNING\"}");
        assertThat(get("/health/ready")).isEqualTo("200 {\"status\":\"UP\",\"state\":\"RUNNING\"}");
    }

    @Test
    void shouldBeLiveButNotReadyWhileRebalancing() throws Exception {
        state.set(State.REBALANCING);

        assertThat(get("/health/live")).isEqualTo("200 {\"status\":\"UP\",\"state\":\"REBALANCING\"}");
        assertThat(get("/health/ready")).isEqualTo("503 {\"status\":\"DOWN\",\"state\":\"REBALANCING\"}");
    }

    @Test
    void shouldTurnLivenessDownFromTheMomentKafkaStreamsFails() throws Exception {
        state.set(State.RUNNING);
        ready.set(true);
        state.set(State.PENDING_ERROR);
        assertThat(get("/health/live")).isEqualTo("503 {\"status\":\"DOWN\",\"state\":\"PENDING_ERROR\"}");

        state.set(State.ERROR);
        assertThat(get("/health/live")).isEqualTo("503 {\"status\":\"DOWN\",\"state\":\"ERROR\"}");
        assertThat(get("/health/ready")).isEqualTo("503 {\"status\":\"DOWN\",\"state\":\"ERROR\"}");
    }

    @Test
    void shouldServePrometheusTextAndNameTheEndpointsForAnyOtherPath() throws Exception {
        assertThat(get("/metrics")).startsWith("200 ").contains("flightdeck_test_total 1.0");
        assertThat(get("/flights/7")).isEqualTo(
                "404 {\"status\":404,\"error\":\"no endpoint /flights/7; try /health/live, /health/ready, /metrics\"}");
    }

    private String get(String path) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoints.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() + " " + answer.body();
    }
}
