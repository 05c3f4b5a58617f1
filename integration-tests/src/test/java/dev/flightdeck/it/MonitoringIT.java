package dev.flightdeck.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.clients.monitoring.AlertmanagerClient;
import dev.flightdeck.clients.monitoring.PrometheusClient;
import dev.flightdeck.database.BookingSimulator;
import dev.flightdeck.database.FaultReport;
import dev.flightdeck.database.FlightDatabase;
import dev.flightdeck.database.SimulatorConfig;
import dev.flightdeck.dashboards.MonitoringQueries;
import dev.flightdeck.stack.driver.LocalStackDriver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stack's monitoring, live: Prometheus scrapes every service, every dashboard panel and alert
 * rule of {@code dashboards/} asks for series that exist, and the faults ops must be paged for
 * reach Alertmanager: an overbooking through the anomaly detector and the Alertmanager sink,
 * Redis and Connect going away through Prometheus's rules. The faults run last: each leaves the stack as it found it.
 */
@ExtendWith(SharedStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Set<String> JOBS = Set.of("kafka", "schema-registry", "connect", "seat-availability",
            "anomaly-detector", "search-service", "lag-exporter", "mysql", "redis", "elasticsearch", "alertmanager", "prometheus");

    private final SharedStack stack = SharedStack.get();
    private final JsonNode endpoints = stack.driver().status().path("endpoints");
    private final PrometheusClient prometheus = new PrometheusClient(endpoints.path("prometheusUrl").asText());
    private final AlertmanagerClient alertmanager = new AlertmanagerClient(endpoints.path("alertmanagerUrl").asText());

    @Test
    @Order(1)
    void shouldScrapeEveryServiceOfTheStack() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Set<String> up = new TreeSet<>();
            for (JsonNode series : prometheus.query("up == 1")) {
                up.add(series.path("metric").path("job").asText());
            }
            assertThat(up).containsAll(JOBS);
        });
    }

    @Test
    @Order(2)
    void shouldFindSeriesForEveryDashboardPanelAndEveryMetricTheAlertRulesRead() {
        searchOnce(); // the search service's request metrics exist from its first request
        stack.simulateTraffic(20, Duration.ofSeconds(40)); // rates need two scrapes with traffic between them
        MonitoringQueries queries = MonitoringQueries.load(checkout());
        List<String> empty = queries.withoutSeries(expr -> prometheus.query(expr).size(), query -> true);
        System.out.printf("monitoring queries: %d dashboard panels, %d rules, %d without series%n",
                queries.dashboardQueries().size(), queries.ruleQueries().size(), empty.size());
        assertThat(empty).isEmpty();
    }

    @Test
    @Order(3)
    void shouldBringAnInjectedOverbookingToAlertmanagerAsAnAlertWithItsLabels() throws Exception {
        ClusterProfile profile = stack.profile();
        DataSource app = FlightDatabase.dataSource(profile.mysqlJdbcUrl(), profile.mysqlUser(), profile.mysqlPassword());
        FaultReport.OverbookingAttempt overbooking;
        try (BookingSimulator simulator = new BookingSimulator(app, SimulatorConfig.defaults().withSeed(31))) {
            overbooking = simulator.injectOverbooking();
        }
        JsonNode alert = awaitAlert("FlightdeckAnomaly", "flight", String.valueOf(overbooking.flightId()), Duration.ofMinutes(2));
        System.out.printf("overbooking injected → FlightdeckAnomaly in Alertmanager: %d ms%n",
                Duration.between(overbooking.at(), Instant.now()).toMillis());
        assertThat(alert.path("labels").path("type").asText()).isEqualTo("OVERBOOKING");
        assertThat(alert.path("labels").path("severity").asText()).isEqualTo("critical");
        assertThat(alert.path("labels").path("anomaly_id").asText()).isNotBlank();
        assertThat(alert.path("annotations").path("description").asText()).isNotBlank();
        // One alert per anomaly id, however often the anomaly was delivered.
        List<JsonNode> same = activeAlerts("FlightdeckAnomaly", "anomaly_id", alert.path("labels").path("anomaly_id").asText());
        assertThat(same).hasSize(1);
    }

    @Test
    @Order(10)
    void shouldAlertThatTheRedisSinkFallsBehindWhileRedisIsDown() {
        stack.stop("redis");
        Instant stopped = Instant.now();
        try {
            stack.startTraffic(20);
            JsonNode alert = awaitAlert("ConsumerLagGrowing", "group", "connect-redis-sink-flights", Duration.ofMinutes(4));
            System.out.printf("Redis stopped → ConsumerLagGrowing in Alertmanager: %d s (%s)%n",
                    Duration.between(stopped, Instant.now()).toSeconds(), alert.path("annotations").path("summary").asText());
        } finally {
            stack.stopTraffic();
            stack.start("redis");
        }
    }

    @Test
    @Order(11)
    void shouldPageCaptureStoppedWithinNinetySecondsOfConnectDyingAndResolveItOnceBack() {
        stack.kill("connect");
        Instant killed = Instant.now();
        try {
            awaitAlert("CaptureStopped", null, null, Duration.ofSeconds(90));
            System.out.printf("Connect killed → CaptureStopped in Alertmanager: %d s%n", Duration.between(killed, Instant.now()).toSeconds());
        } finally {
            stack.start("connect");
        }
        Instant back = Instant.now();
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .until(() -> activeAlerts("CaptureStopped", null, null).isEmpty());
        System.out.printf("Connect back → CaptureStopped resolved: %d s%n", Duration.between(back, Instant.now()).toSeconds());
    }

    private void searchOnce() {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(stack.searchServiceUrl() + "/api/flights?from=FRA"))
                    .header("X-Api-Key", stack.searchApiKey()).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        } catch (IOException e) {
            throw new AssertionError("the search service did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits for an active alert named {@code alertname} (with {@code label} = {@code value} when given) in Alertmanager. */
    private JsonNode awaitAlert(String alertname, String label, String value, Duration within) {
        List<JsonNode> found = new ArrayList<>();
        Awaitility.await().atMost(within).pollInterval(Duration.ofSeconds(2)).until(() -> {
            found.clear();
            found.addAll(activeAlerts(alertname, label, value));
            return !found.isEmpty();
        });
        return found.getFirst();
    }

    private List<JsonNode> activeAlerts(String alertname, String label, String value) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", alertname);
        if (label != null) {
            labels.put(label, value);
        }
        return alertmanager.activeAlerts(labels);
    }

    private static Path checkout() {
        return LocalStackDriver.checkout();
    }
}
