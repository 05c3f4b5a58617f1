package dev.flightdeck.seats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.http.HttpLimits;
import dev.flightdeck.http.HttpListener;
import dev.flightdeck.streams.runtime.OpsEndpoints;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
 * The API and the ops endpoints on their two listeners while there is nothing to query yet: Kafka
 * Streams created but not running, as during start-up or a rebalance. Every answer is JSON with a
 * status, never a dropped connection, an HTML page or an exception's text.
 */
class AvailabilityApiTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaStreams streams;
    private HttpListener api;
    private HttpListener ops;

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
        InetSocketAddress anyPort = new InetSocketAddress("127.0.0.1", 0);
        api = HttpListener.start("test API", anyPort, HttpLimits.api(), new AvailabilityApi(queries, new Peers(Duration.ofSeconds(2))));
        ops = HttpListener.start("test ops", anyPort, HttpLimits.ops(),
                new OpsEndpoints(streams::state, queries::ready, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
    }

    @AfterEach
    void stop() {
        api.close();
        ops.close();
        streams.close();
    }

    @Test
    void shouldAnswerServiceUnavailableWithRetryAfterWhileTheStateIsNotQueryable() throws Exception {
        HttpResponse<String> answer = get(api, "/flights/7/availability");
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).contains("1");
        assertThat(answer.body()).isEqualTo(
                "{\"status\":503,\"error\":\"the state is not queryable right now (rebalancing or restoring); retry shortly\"}");
        // The same connection still serves the next request.
        assertThat(get(api, "/flights/7/seats").statusCode()).isEqualTo(503);
        assertThat(get(api, "/flights").statusCode()).as("a page of every flight, asked of stores not open yet").isEqualTo(503);
    }

    @Test
    void shouldReportNotReadyButLiveOnTheOpsListener() throws Exception {
        assertThat(get(ops, "/health/ready").body()).isEqualTo("{\"status\":\"DOWN\",\"state\":\"CREATED\"}");
        assertThat(get(ops, "/health/ready").statusCode()).isEqualTo(503);
        assertThat(get(ops, "/health/live").statusCode()).isEqualTo(200);
        assertThat(get(ops, "/health/live").body()).isEqualTo("{\"status\":\"UP\",\"state\":\"CREATED\"}");
        assertThat(get(ops, "/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRejectABadFlightIdBeforeAskingKafkaStreams() throws Exception {
        HttpResponse<String> answer = get(api, "/flights/-3/availability");
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("{\"status\":400,\"error\":\"flight id '-3' is not a positive number\"}");
    }

    @Test
    void shouldRejectABadLimitCursorOrDateBeforeAskingKafkaStreams() throws Exception {
        assertThat(get(api, "/flights?limit=1001").body())
                .isEqualTo("{\"status\":400,\"error\":\"limit '1001' is not a whole number from 1 to 1000\"}");
        assertThat(get(api, "/flights?origin=FRA&limit=0").statusCode()).isEqualTo(400);
        assertThat(get(api, "/flights?cursor=bm90LWEtY3Vyc29y").body()).isEqualTo("{\"status\":400,\"error\":\"cursor "
                + "'bm90LWEtY3Vyc29y' is not one this API gave out; start again without a cursor\"}");
        assertThat(get(api, "/flights?origin=FRA&date=tomorrow").body())
                .isEqualTo("{\"status\":400,\"error\":\"date 'tomorrow' is not a day like 2026-12-01\"}");
        assertThat(get(api, "/flights?origin=FRANKFURT").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldNameTheEndpointsForAnUnknownPathAndRefuseWrites() throws Exception {
        HttpResponse<String> unknown = get(api, "/flight/7");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no endpoint /flight/7", "/flights/{id}/availability", "ops listener");
        assertThat(get(api, "/health/live").statusCode()).as("health is on the ops listener only").isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(url(api, "/flights/7/availability"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.body()).contains("POST is not supported");
    }

    @Test
    void shouldAnswerMalformedRequestsWith400JsonWithoutExceptionText() throws Exception {
        for (String target : new String[] {"/flights/%zz/availability", "/flights?origin=%E2%82", "/flights?" + "a=1&".repeat(200)}) {
            String answer = raw(api.port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(answer).as(target).startsWith("HTTP/1.1 400").contains("Content-Type: application/json", "{\"status\":400,\"error\":\"")
                    .doesNotContain("Exception", "<html");
        }
        assertThat(raw(api.port(), "GET /flights/" + "7".repeat(10_000) + "/seats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 414").contains("{\"status\":414,\"error\":\"");
    }

    private HttpResponse<String> get(HttpListener listener, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(url(listener, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI url(HttpListener listener, String path) {
        return URI.create("http://127.0.0.1:" + listener.port() + path);
    }

    private static String raw(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            try (InputStream in = socket.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
