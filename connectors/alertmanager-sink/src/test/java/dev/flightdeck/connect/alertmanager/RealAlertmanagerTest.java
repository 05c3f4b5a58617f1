package dev.flightdeck.connect.alertmanager;

import static dev.flightdeck.connect.alertmanager.AnomalyStructs.connectorFailed;
import static dev.flightdeck.connect.alertmanager.AnomalyStructs.connectorRecovered;
import static dev.flightdeck.connect.alertmanager.AnomalyStructs.overbooking;
import static dev.flightdeck.connect.alertmanager.AnomalyStructs.record;
import static dev.flightdeck.connect.alertmanager.AnomalyStructs.tombstone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task against a real Alertmanager: Debian's prometheus-alertmanager (0.25, the one the local
 * stack runs), started here on a free loopback port with a route to a receiver that sends nothing,
 * and read back through its API.
 */
class RealAlertmanagerTest {

    private static final String BINARY = "prometheus-alertmanager";
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static Process alertmanager;
    private static URI url;

    private final Metrics registry = new Metrics();
    private final List<String> deadLetterReasons = new ArrayList<>();
    private final AlertmanagerSinkTask task = new AlertmanagerSinkTask();

    @BeforeAll
    static void startAlertmanager() throws Exception {
        Path binary = findBinary().orElseGet(() -> fail(BINARY + " is not installed (neither /usr/bin/" + BINARY
                + " nor on PATH): apt-get install prometheus-alertmanager"));
        Path config = Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: nowhere
                receivers:
                  - name: nowhere
                """);
        int port = freeLoopbackPort();
        url = URI.create("http://127.0.0.1:" + port);
        Path log = dir.resolve("alertmanager.log");
        alertmanager = new ProcessBuilder(binary.toString(), "--config.file=" + config, "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitReady(log);
    }

    @AfterAll
    static void stopAlertmanager() throws InterruptedException {
        if (alertmanager != null) {
            alertmanager.destroy();
            if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @BeforeEach
    void startTask() {
        task.initialize(new TaskContext(new PluginMetricsImpl(registry, Map.of("connector", "alertmanager-sink-anomalies", "task", "0")),
                (record, error) -> {
                    deadLetterReasons.add(error.getMessage());
                    return CompletableFuture.completedFuture(null);
                }));
        task.start(Map.of("alertmanager.url", url.toString()));
    }

    @AfterEach
    void stopTask() {
        task.stop();
        registry.close();
        assertThat(deadLetterReasons).as("dead letters").isEmpty();
    }

    @Test
    void shouldCreateOneAlertWithTheAnomalysLabelsAndKeepItOneWhenTheRecordIsDeliveredAgain() throws Exception {
        Instant detected = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        SinkRecord overbooked = record(overbooking("real-redelivered", detected).build(), 10);

        task.put(List.of(overbooked));
        JsonNode alert = single(unresolvedAlerts("real-redelivered"));

        assertThat(labels(alert)).isEqualTo(Map.of("alertname", "FlightdeckAnomaly", "anomaly_id", "real-redelivered",
                "type", "OVERBOOKING", "severity", "critical", "flight", "42", "route", "FRA-LIS", "source", "anomaly-detector"));
        assertThat(alert.path("annotations").path("summary").asText()).isEqualTo("Overbooking: flight 42, cabin Y, route FRA-LIS");
        assertThat(alert.path("annotations").path("detected_at").asText()).isEqualTo(detected.toString());
        assertThat(Instant.parse(alert.path("startsAt").asText())).isEqualTo(detected);
        assertThat(Instant.parse(alert.path("endsAt").asText())).isEqualTo(detected.plus(Duration.ofHours(1)));
        assertThat(alert.path("status").path("state").asText()).isEqualTo("active");

        task.put(List.of(overbooked)); // Connect delivers it again after a restart
        task.put(List.of(overbooked, overbooked));
        assertThat(single(unresolvedAlerts("real-redelivered")).path("fingerprint")).isEqualTo(alert.path("fingerprint"));
    }

    @Test
    void shouldResolveTheAlertWhenATombstoneForItsIdArrives() throws Exception {
        task.put(List.of(record(overbooking("real-withdrawn", Instant.now().minusSeconds(60)).build(), 20)));
        single(unresolvedAlerts("real-withdrawn"));

        task.put(List.of(tombstone("real-withdrawn", 21)));

        assertThat(unresolvedAlerts("real-withdrawn")).isEmpty();
    }

    @Test
    void shouldResolveAConnectorFailureWhenItsConnectorRecoversAndRaiseNoAlertForTheRecovery() throws Exception {
        String failedId = "1234567890abcdef1234567890abcdef";
        task.put(List.of(record(connectorFailed(failedId, Instant.now().minusSeconds(30)).build(), 30)));
        assertThat(labels(single(unresolvedAlerts(failedId))))
                .containsEntry("type", "CONNECTOR_FAILED").containsEntry("connector", "debezium-mysql-flights/0");

        task.put(List.of(record(connectorRecovered(failedId, Instant.now()).build(), 31)));

        assertThat(unresolvedAlerts(failedId)).isEmpty();
        assertThat(unresolved(Map.of("type", "CONNECTOR_RECOVERED"))).isEmpty();
    }

    @Test
    void shouldSendAReplayedAnomalyOlderThanTheHoldAlreadyResolved() throws Exception {
        task.put(List.of(record(overbooking("real-replayed", Instant.now().minus(Duration.ofHours(2))).build(), 40)));

        assertThat(registry.metrics().entrySet()).filteredOn(metric -> metric.getKey().name().equals(AlertMetrics.SENT))
                .singleElement().satisfies(sent -> assertThat(sent.getValue().metricValue()).isEqualTo(1.0));
        assertThat(unresolvedAlerts("real-replayed")).isEmpty();
    }

    /** GET /api/v2/alerts?active=true: the alerts Alertmanager holds unresolved, of one anomaly. */
    private static List<JsonNode> unresolvedAlerts(String anomalyId) throws IOException, InterruptedException {
        return unresolved(Map.of("anomaly_id", anomalyId));
    }

    private static List<JsonNode> unresolved(Map<String, String> labels) throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder("?active=true");
        labels.forEach((name, value) ->
                query.append("&filter=").append(URLEncoder.encode(name + "=\"" + value + "\"", StandardCharsets.UTF_8)));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url.resolve("/api/v2/alerts" + query)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(JSON.readTree(response.body()).spliterator(), false).toList();
    }

    private static JsonNode single(List<JsonNode> alerts) {
        assertThat(alerts).hasSize(1);
        return alerts.get(0);
    }

    private static Map<String, String> labels(JsonNode alert) {
        Map<String, String> labels = new HashMap<>();
        alert.path("labels").properties().forEach(label -> labels.put(label.getKey(), label.getValue().asText()));
        return labels;
    }

    private static Optional<Path> findBinary() {
        Stream<Path> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank()).map(entry -> Path.of(entry, BINARY));
        return Stream.concat(Stream.of(Path.of("/usr/bin", BINARY)), path).filter(Files::isExecutable).findFirst();
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Polls /-/ready until it answers 200, the process exits, or the deadline passes; waiting on the process between polls. */
    private static void awaitReady(Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(STARTUP);
        while (!ready()) {
            if (!alertmanager.isAlive()) {
                fail(BINARY + " exited with " + alertmanager.exitValue() + " before it was ready; its log:\n" + Files.readString(log));
            }
            if (Instant.now().isAfter(deadline)) {
                fail(BINARY + " was not ready at " + url + "/-/ready within " + STARTUP.toSeconds() + " s; its log:\n" + Files.readString(log));
            }
            alertmanager.waitFor(100, TimeUnit.MILLISECONDS);
        }
    }

    private static boolean ready() throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(url.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }
}
