package dev.flightdeck.ops.lagexporter;

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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoints on a real listener, over groups set by the test. */
class LagExporterOpsTest {

    private static final Instant POLLED_AT = Instant.parse("2026-03-02T09:00:00Z");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ScriptedGroups kafka = new ScriptedGroups();
    private LagCollector collector;
    private HttpListener listener;

    @BeforeEach
    void start() throws Exception {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        collector = new LagCollector(kafka, Pattern.compile(".*"), metrics, Clock.fixed(POLLED_AT, ZoneOffset.UTC));
        listener = HttpListener.start("lag-exporter test", new InetSocketAddress("127.0.0.1", 0), HttpLimits.ops(),
                new LagExporterOps(collector, metrics));
    }

    @AfterEach
    void stop() {
        listener.close();
    }

    @Test
    void shouldServeTheLastPollAsPrometheusText() throws Exception {
        kafka.group("connect-redis-sink", "Stable", 1, 42);
        collector.poll();

        HttpResponse<String> metrics = get("/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(metrics.body()).contains(
                "# TYPE flightdeck_consumer_group_lag_records gauge",
                "flightdeck_consumer_group_lag_records{group=\"connect-redis-sink\"} 42.0",
                "flightdeck_consumer_group_members{group=\"connect-redis-sink\"} 1.0",
                "flightdeck_consumer_group_state{group=\"connect-redis-sink\",state=\"Stable\"} 1.0",
                "# TYPE flightdeck_lag_exporter_failures_total counter",
                "# TYPE flightdeck_lag_exporter_poll_seconds summary",
                "flightdeck_lag_exporter_last_success_timestamp_seconds ");
    }

    @Test
    void shouldBeLiveButNotReadyWhileKafkaCannotBeReadAndSayWhy() throws Exception {
        kafka.unreadable("Kafka at 127.0.0.1:9092 did not answer within 15000 ms (listing the consumer groups)");
        collector.poll();

        assertThat(answer("/health/live")).isEqualTo("200 {\"status\":\"UP\"}");
        assertThat(answer("/health/ready")).isEqualTo("503 {\"status\":\"DOWN\",\"reason\":\"no poll of the consumer groups has "
                + "succeeded yet; the last one failed: Kafka at 127.0.0.1:9092 did not answer within 15000 ms (listing the consumer groups)\"}");
    }

    @Test
    void shouldBeReadyOnceAPollSucceeded() throws Exception {
        assertThat(answer("/health/ready")).isEqualTo(
                "503 {\"status\":\"DOWN\",\"reason\":\"the first poll of the consumer groups has not finished yet\"}");

        collector.poll();

        assertThat(answer("/health/ready")).isEqualTo("200 {\"status\":\"UP\",\"lastSuccess\":\"2026-03-02T09:00:00Z\"}");
    }

    @Test
    void shouldNameTheEndpointsForAnyOtherPathAndRefuseWrites() throws Exception {
        assertThat(answer("/lag")).isEqualTo(
                "404 {\"status\":404,\"error\":\"no endpoint /lag; they are /metrics, /health/live, /health/ready\"}");

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(url("/metrics")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    private String answer(String path) throws Exception {
        HttpResponse<String> response = get(path);
        return response.statusCode() + " " + response.body();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + listener.port() + path);
    }
}
