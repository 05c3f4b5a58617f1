package dev.flightdeck.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.http.HttpLimits;
import dev.flightdeck.http.HttpListener;
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

/** The health and metrics endpoints on their listener, with Kafka Streams' state set by the test. */
class OpsEndpointsTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
    private final AtomicBoolean ready = new AtomicBoolean();
    private HttpListener listener;

    @BeforeEach
    void start() throws Exception {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics.counter("flightdeck.test").increment();
        listener = HttpListener.start("test ops", new InetSocketAddress("127.0.0.1", 0), HttpLimits.ops(),
                new OpsEndpoints(state::get, () -> state.get() == State.RUNNING && ready.get(), metrics));
    }

    @AfterEach
    void stop() {
        listener.close();
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

    @Test
    void shouldRefuseWrites() throws Exception {
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(url("/health/live")).POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    private String get(String path) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() + " " + answer.body();
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + listener.port() + path);
    }
}
