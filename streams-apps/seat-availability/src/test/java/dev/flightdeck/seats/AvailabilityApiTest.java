package dev.flightdeck.seats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.streams.runtime.OpsEndpoints;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP layer's answers when there is nothing to query yet: Kafka Streams created but not
 * running, as during start-up or a rebalance. Every answer is JSON with a status, never a
 * dropped connection.
 */
class AvailabilityApiTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaStreams streams;
    private OpsEndpoints endpoints;

    @BeforeEach
    void start(@TempDir Path stateDir) throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "api-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9"); // never started: nothing connects
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        streams = new KafkaStreams(builder.build(), p);
        HostInfo self = new HostInfo("127.0.0.1", 0);
        AvailabilityQueries queries = new AvailabilityQueries(streams, self, Clock.systemUTC(), new LivePartitions());
        endpoints = new OpsEndpoints(new InetSocketAddress("127.0.0.1", 0), streams::state, queries::ready,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new AvailabilityApi(queries));
        endpoints.start();
    }

    @AfterEach
    void stop() {
        endpoints.close();
        streams.close();
    }

    @Test
    void shouldAnswerServiceUnavailableWithRetryAfterWhileTheStateIsNotQueryable() throws Exception {
        HttpResponse<String> answer = get("/flights/7/availability");
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).contains("1");
        assertThat(answer.body()).isEqualTo(
                "{\"status\":503,\"error\":\"the state is not queryable right now (rebalancing or restoring); retry shortly\"}");
        // The same connection still serves the next request.
        assertThat(get("/flights/7/seats").statusCode()).isEqualTo(503);
    }

    @Test
    void shouldReportNotReadyButLiveThroughTheOpsEndpoints() throws Exception {
        assertThat(get("/health/ready").body()).isEqualTo("{\"status\":\"DOWN\",\"state\":\"CREATED\"}");
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/health/live").body()).isEqualTo("{\"status\":\"UP\",\"state\":\"CREATED\"}");
        assertThat(get("/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRejectABadFlightIdBeforeAskingKafkaStreams() throws Exception {
        HttpResponse<String> answer = get("/flights/-3/availability");
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("{\"status\":400,\"error\":\"flight id '-3' is not a positive number\"}");
    }

    @Test
    void shouldNameTheEndpointsForAnUnknownPathAndRefuseWrites() throws Exception {
        HttpResponse<String> unknown = get("/flight/7");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no endpoint /flight/7", "/flights/{id}/availability");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(url("/flights/7/availability"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.body()).contains("POST is not supported");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + endpoints.port() + path);
    }
}
