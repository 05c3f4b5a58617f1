package dev.flightdeck.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.ops.reconcile.AvailabilityTopic;
import dev.flightdeck.ops.reconcile.Reconciler;
import dev.flightdeck.ops.reconcile.SeatAvailabilityStore;
import dev.flightdeck.seats.SeatAvailabilityApp;
import dev.flightdeck.seats.SeatAvailabilityConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * seat-availability on the real stack: after simulated booking traffic, every flight's
 * availability agrees exactly in MySQL (computed in SQL), in the HTTP API and on the
 * flight-availability topic; and with two instances, both answer for every flight.
 */
@ExtendWith(SharedStack.class)
class SeatAvailabilityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SharedStack stack = SharedStack.get();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldAgreeWithMysqlInTheApiAndOnTheTopicAfterBookingTraffic() throws Exception {
        stack.simulateTraffic(60, Duration.ofSeconds(20));

        Reconciler.Report report = new Reconciler(stack::app, List.of(
                new SeatAvailabilityStore(stack.profile().seatAvailabilityUrl()),
                new AvailabilityTopic(stack.profile().kafkaClientConfig(), stack.profile().registry().avroDecoder(), "flight-availability")))
                .run(Duration.ofMinutes(3), true, Progress.console(System.out));
        assertThat(report.flights()).isGreaterThan(500);
        assertThat(report.verdicts()).hasSize(2)
                .allSatisfy(verdict -> assertThat(verdict.drift()).as(verdict.model() + " vs MySQL").isEmpty());
    }

    @Test
    void shouldAnswerForEveryFlightFromEitherOfTwoInstances(@TempDir Path stateDir) throws Exception {
        String first = stack.profile().seatAvailabilityUrl();
        String firstOps = stack.seatAvailabilityOpsUrl();
        int port = freePort();
        Map<String, String> settings = appSettings(stateDir, port);
        settings.put(SeatAvailabilityConfig.NUM_STANDBY_REPLICAS_CONFIG, "0");
        settings.put("streams.acceptable.recovery.lag", "10000000");
        try (SeatAvailabilityApp second = new SeatAvailabilityApp(new SeatAvailabilityConfig(settings))) {
            second.start();
            String secondUrl = "http://127.0.0.1:" + port;
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
                    second.streams().state() == KafkaStreams.State.RUNNING
                            && second.streams().metadataForAllStreamsClients().size() == 2
                            && get(firstOps, "/health/ready").statusCode() == 200
                            && get("http://127.0.0.1:" + second.opsPort(), "/health/ready").statusCode() == 200);

            List<Long> flights = new ArrayList<>();
            try (Connection db = stack.app(); var r = db.createStatement().executeQuery("SELECT id FROM flight ORDER BY id")) {
                while (r.next()) {
                    flights.add(r.getLong(1));
                }
            }
            int forwarded = 0;
            for (long flightId : flights) {
                // The stack may still be working through its snapshot: wait until both say the same.
                String path = "/flights/" + flightId + "/availability";
                List<HttpResponse<String>> answers = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                        .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                        .until(() -> List.of(awaitAnswer(first, path), awaitAnswer(secondUrl, path)),
                                SeatAvailabilityIT::sameAvailability);
                HttpResponse<String> a = answers.get(0);
                HttpResponse<String> b = answers.get(1);
                forwarded += a.headers().firstValue("X-Flightdeck-Served-By").isPresent() ? 1 : 0;
                forwarded += b.headers().firstValue("X-Flightdeck-Served-By").isPresent() ? 1 : 0;
            }
            assertThat(forwarded).as("each instance forwards the flights the other owns").isGreaterThanOrEqualTo(flights.size() / 4);

            JsonNode search = JSON.readTree(awaitAnswer(secondUrl, "/flights?origin=FRA").body());
            JsonNode searchFirst = JSON.readTree(awaitAnswer(first, "/flights?origin=FRA").body());
            assertThat(search.get("count").asInt()).isPositive().isEqualTo(searchFirst.get("count").asInt());
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2))
                .until(() -> get(firstOps, "/health/ready").statusCode() == 200);
    }

    /**
     * Deployed before the capture has made its input (a bookings topic that does not exist yet), the
     * app is live (a health check must not restart it) but not ready, and a stop ends its wait.
     */
    @Test
    void shouldBeLiveButNotReadyWhileItWaitsForItsSourceTopicsAndStopWhenAsked(@TempDir Path stateDir) throws Exception {
        int opsPort = freePort();
        Map<String, String> settings = appSettings(stateDir, freePort());
        settings.put(SeatAvailabilityConfig.OPS_LISTENER_CONFIG, "127.0.0.1:" + opsPort);
        settings.put(SeatAvailabilityConfig.TOPIC_BOOKINGS_CONFIG, "cdc.flights.booking-not-captured-yet");
        String ops = "http://127.0.0.1:" + opsPort;
        SeatAvailabilityApp app = new SeatAvailabilityApp(new SeatAvailabilityConfig(settings));
        List<Throwable> startFailure = new ArrayList<>();
        Thread starter = new Thread(() -> {
            try {
                app.start();
            } catch (Throwable e) {
                startFailure.add(e);
            }
        }, "waiting-app-start");
        starter.start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> get(ops, "/health/live").statusCode() == 200);
            assertThat(get(ops, "/health/live").body()).isEqualTo("{\"status\":\"UP\",\"state\":\"CREATED\"}");
            assertThat(get(ops, "/health/ready").statusCode()).isEqualTo(503);
            assertThat(starter.isAlive()).as("start() still waiting for the bookings topic").isTrue();
        } finally {
            app.close();
            starter.join(Duration.ofSeconds(30));
        }
        assertThat(starter.isAlive()).as("start() ended by close()").isFalse();
        assertThat(startFailure).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("interrupted while waiting for the source topics")
                .hasRootCauseInstanceOf(InterruptedException.class));
    }

    @Test
    void shouldAnswerBadRequestsWithJsonErrors() throws Exception {
        String url = stack.profile().seatAvailabilityUrl();
        HttpResponse<String> notANumber = get(url, "/flights/abc/availability");
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notANumber.body()).get("error").asText()).isEqualTo("flight id 'abc' is not a positive number");
        HttpResponse<String> unknown = awaitAnswer(url, "/flights/987654321/availability");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("status").asInt()).isEqualTo(404);
        HttpResponse<String> badDate = get(url, "/flights?origin=FRA&date=tomorrow");
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(get(stack.seatAvailabilityOpsUrl(), "/metrics").body()).contains("kafka_stream_thread_process_rate", "flightdeck_availability_published_total",
                "jvm_memory_used_bytes");
    }

    private static boolean sameAvailability(List<HttpResponse<String>> answers) {
        try {
            return answers.get(0).statusCode() == 200 && answers.get(1).statusCode() == 200
                    && JSON.readTree(answers.get(0).body()).equals(JSON.readTree(answers.get(1).body()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Retries 503s (a rebalance moving the flight); anything else is the answer. */
    private HttpResponse<String> awaitAnswer(String base, String path) {
        // No poll delay: awaitility would otherwise wait one interval before the first try, per flight.
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .until(() -> get(base, path), answer -> answer.statusCode() != 503);
    }

    /** A GET, tried twice: a pooled connection the server has just closed fails once (a JDK client race). */
    private HttpResponse<String> get(String base, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** A seat-availability instance beside the stack's own: its Kafka, registry and login, its own state and API port. */
    private Map<String, String> appSettings(Path stateDir, int apiPort) {
        Map<String, String> settings = new HashMap<>();
        settings.put(SeatAvailabilityConfig.BOOTSTRAP_SERVERS_CONFIG, stack.profile().bootstrapServers());
        settings.putAll(stack.profile().streamsKafkaSettings());
        settings.put(SeatAvailabilityConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.profile().schemaRegistryUrl());
        settings.put(SeatAvailabilityConfig.APICURIO_REGISTRY_URL_CONFIG, stack.profile().apicurioRegistryUrl());
        settings.putAll(stack.profile().registryUserSettings());
        settings.put(SeatAvailabilityConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(SeatAvailabilityConfig.HTTP_LISTENER_CONFIG, "127.0.0.1:" + apiPort);
        settings.put(SeatAvailabilityConfig.OPS_LISTENER_CONFIG, "127.0.0.1:0");
        return settings;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
