package dev.flightdeck.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.clients.ScramLogin;
import dev.flightdeck.clients.monitoring.PrometheusClient;
import dev.flightdeck.compose.driver.ComposeCluster;
import dev.flightdeck.compose.driver.ContainerEngine;
import dev.flightdeck.compose.driver.FaultScenarios;
import dev.flightdeck.compose.driver.ScenarioResult;
import dev.flightdeck.dashboards.MonitoringQueries;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Node loss on the compose cluster under booking traffic (the scenarios are {@link FaultScenarios}):
 * every acknowledged probe write is in its topic exactly once, and {@code reconcile} finds MySQL, the
 * seat-availability store, the flight-availability topic, Redis and Elasticsearch in agreement for
 * every flight after each fault. Recovery times and produce latency are printed as a table; they are
 * measurements ({@code flightdeck bench cluster} reports them), not assertions. Last, the cluster's
 * monitoring: Prometheus scrapes every service, and every dashboard panel and alert rule of
 * {@code dashboards/} finds its series.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultsIT {

    private static final Path HOME = Path.of(System.getProperty("flightdeck.home", "..")).toAbsolutePath().normalize();
    private static final List<ScenarioResult> RESULTS = new ArrayList<>();
    /** The scrape jobs of the local stack, every one of them in the compose cluster too. */
    private static final List<String> MONITORED_JOBS = List.of("kafka", "schema-registry", "connect", "seat-availability",
            "anomaly-detector", "search-service", "lag-exporter", "mysql", "redis", "elasticsearch", "alertmanager", "prometheus");

    private static FaultScenarios faults;

    @BeforeAll
    static void startCluster() throws Exception {
        Optional<String> missing = ContainerEngine.unavailable();
        if (missing.isPresent()) {
            if ("1".equals(System.getenv("FLIGHTDECK_REQUIRE_CONTAINERS"))) {
                throw new IllegalStateException("the container suite cannot run: " + missing.get());
            }
            // Said on the console too: Maven's summary shows a class aborted in @BeforeAll only as "Tests run: 0".
            System.out.println("cluster: the container suite is skipped: " + missing.get());
            Assumptions.abort("container suite skipped: " + missing.get());
        }
        faults = FaultScenarios.start(HOME);
        assertThat(faults.firstReconcile().verdicts()).allSatisfy(v -> assertThat(v.drift()).as(v.model()).isEmpty());
    }

    @AfterAll
    static void stopCluster() {
        if (!RESULTS.isEmpty()) {
            System.out.println("\n" + ScenarioResult.TABLE_HEADER);
            RESULTS.forEach(result -> System.out.println(result.markdownRow()));
        }
        if (faults != null) {
            faults.close();
        }
    }

    /**
     * Kafka on the cluster as on the local stack: no client without TLS and a login, no principal
     * beyond its ACLs, no administrator without its certificate. From this machine, through the
     * published listeners.
     */
    @Test
    @Order(0)
    void shouldRefuseKafkaClientsWithoutTheirLoginOrBeyondTheirAcls() throws Exception {
        ComposeCluster cluster = faults.cluster();
        Map<String, Object> ops = cluster.profile().kafkaClientConfig();
        String bootstrap = cluster.profile().bootstrapServers();

        Map<String, Object> plaintext = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000, CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
        try (Admin anonymous = Admin.create(plaintext)) {
            assertThatThrownBy(() -> anonymous.describeCluster().nodes().get(8, TimeUnit.SECONDS)).as("a PLAINTEXT client")
                    .isInstanceOf(Exception.class);
        }
        try (Admin wrongPassword = Admin.create(login(ops, "flightdeck-ops", "not-the-password"))) {
            assertThatThrownBy(() -> wrongPassword.describeCluster().nodes().get(15, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
        Map<String, Object> adminWithoutCertificate = new HashMap<>(cluster.adminProfile().kafkaClientConfig());
        adminWithoutCertificate.keySet().removeIf(key -> key.startsWith("ssl.keystore"));
        adminWithoutCertificate.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        adminWithoutCertificate.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
        try (Admin admin = Admin.create(adminWithoutCertificate)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(8, TimeUnit.SECONDS)).as("the admin listener without a certificate")
                    .isInstanceOf(Exception.class);
        }

        // The Redis sink may not write Debezium's topics; the analyst reads the anomalies only.
        Map<String, Object> sink = login(ops, "flightdeck-redis-sink", secret("kafka_redis_sink_password"));
        sink.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(sink, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("cdc.flights.booking", "1", "forged")).get(15, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        Map<String, Object> analyst = login(ops, "flightdeck-analyst", secret("kafka_analyst_password"));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(analyst, new StringDeserializer(), new StringDeserializer())) {
            assertThat(consumer.partitionsFor("anomalies")).isNotEmpty();
            assertThatThrownBy(() -> consumer.partitionsFor("flight-availability")).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    /** Connect's REST API on the cluster: HTTPS with the cluster's CA and credentials, on both workers. */
    @Test
    @Order(0)
    void shouldServeConnectOverTlsToAuthenticatedCallersOnly() throws Exception {
        ComposeCluster cluster = faults.cluster();
        ClusterProfile profile = cluster.profile();
        assertThat(profile.connectUrl()).startsWith("https://");
        for (String port : List.of(cluster.env("CONNECT_PORT"), cluster.env("CONNECT_2_PORT"))) {
            URI plain = URI.create("http://localhost:" + port + "/connectors");
            int plainStatus;
            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
                plainStatus = http.send(HttpRequest.newBuilder(plain).timeout(Duration.ofSeconds(5))
                        .header("Authorization", profile.connectCredentials().authorizationHeader()).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                plainStatus = -1; // the TLS listener hung up on plain HTTP
            }
            assertThat(plainStatus / 100).as("credentials over plain HTTP to port %s (HTTP %d)", port, plainStatus).isNotEqualTo(2);
            URI tls = URI.create("https://localhost:" + port + "/connectors");
            try (HttpClient http = HttpClient.newBuilder().sslContext(profile.connectTls()).connectTimeout(Duration.ofSeconds(3)).build()) {
                assertThat(http.send(HttpRequest.newBuilder(tls).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).as("no credentials").isEqualTo(401);
                assertThat(http.send(HttpRequest.newBuilder(tls).timeout(Duration.ofSeconds(5))
                        .header("Authorization", profile.connectCredentials().authorizationHeader()).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).as("the profile's credentials").isEqualTo(200);
            }
        }
    }

    private static Map<String, Object> login(Map<String, Object> ops, String user, String password) {
        Map<String, Object> config = new HashMap<>(ops);
        config.put(SaslConfigs.SASL_JAAS_CONFIG, ScramLogin.jaasConfig(user, password));
        return config;
    }

    private static String secret(String name) throws Exception {
        return Files.readString(HOME.resolve("compose/secrets").resolve(name)).strip();
    }

    @Test
    @Order(1)
    void shouldLoseNoAcknowledgedWriteWhenThePartitionLeaderIsKilled() throws Exception {
        ScenarioResult result = judged(faults.partitionLeaderKilled());
        assertThat(result.refused()).as("sends refused while two replicas of every partition remained").isZero();
    }

    @Test
    @Order(2)
    void shouldElectANewControllerWhenTheActiveOneIsKilled() throws Exception {
        ScenarioResult result = judged(faults.controllerKilled());
        assertThat(result.refused()).as("sends refused while a majority of the quorum remained").isZero();
    }

    @Test
    @Order(3)
    void shouldMoveTheTasksOfAKilledConnectWorkerToTheOther() throws Exception {
        ScenarioResult result = judged(faults.connectWorkerKilled());
        assertThat(result.refused()).isZero();
    }

    @Test
    @Order(4)
    void shouldAnswerForEveryFlightFromTheSurvivingSeatAvailabilityInstance() throws Exception {
        ScenarioResult result = judged(faults.seatAvailabilityInstanceKilled());
        assertThat(result.drift()).as("reconcile asking each instance").containsKey("via seat-availability-2: seat-availability store");
    }

    @Test
    @Order(5)
    void shouldGoOnWithoutABrokerCutOffTheNetworkAndTakeItBack() throws Exception {
        ScenarioResult result = judged(faults.brokerCutOff());
        assertThat(result.refused()).as("sends refused while two brokers of three were reachable").isZero();
    }

    @Test
    @Order(6)
    void shouldRefuseWritesWhenTwoOfThreeBrokersAreDownAndLoseNothing() throws Exception {
        ScenarioResult result = judged(faults.quorumLost());
        assertThat(result.acknowledgedInUnsafeWindow()).as("writes acknowledged with one broker of three: would be unsafe").isZero();
        assertThat(result.sentInUnsafeWindow()).as("writes tried with one broker of three").isPositive();
    }

    @Test
    @Order(7)
    void shouldScrapeEveryServiceAndFindSeriesForEveryDashboardPanelAndAlertRule() throws Exception {
        ComposeCluster cluster = faults.cluster();
        PrometheusClient prometheus = new PrometheusClient("http://localhost:" + cluster.env("PROMETHEUS_PORT"));
        // The search service's request metrics exist from its first request (a refused one counts too).
        String search = "http://localhost:" + cluster.env("SEARCH_PORT");
        assertThat(httpStatus(search + "/")).isEqualTo(200);
        assertThat(httpStatus(search + "/api/flights?from=FRA")).as("the API without a key").isEqualTo(401);
        List<PrometheusClient.Target> down = new ArrayList<>();
        Awaitility.await("every scrape target up").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .conditionEvaluationListener(condition -> {
                    if (!condition.isSatisfied() && condition.getRemainingTimeInMS() < 2_000) {
                        System.out.println("cluster: scrape targets still down: " + down);
                    }
                })
                .until(() -> {
                    down.clear();
                    prometheus.targets().stream().filter(t -> !"up".equals(t.health())).forEach(down::add);
                    return down.isEmpty();
                });
        Set<String> jobs = new TreeSet<>();
        prometheus.targets().forEach(target -> jobs.add(target.job()));
        assertThat(jobs).containsExactlyInAnyOrderElementsOf(MONITORED_JOBS);
        List<PrometheusClient.Rule> rules = prometheus.rules();
        assertThat(rules).isNotEmpty();
        assertThat(rules).filteredOn(rule -> !rule.healthy()).isEmpty();
        assertThat(prometheus.activeAlertmanagers()).hasSize(1);

        // Every scenario ran traffic, so rates have had scrapes with changes between them; the
        // search requests above need two scrapes of their own.
        Awaitility.await("two scrapes of the search requests").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2))
                .until(() -> !prometheus.query("count_over_time(search_http_requests_seconds_count[1m]) >= 2").isEmpty());
        MonitoringQueries queries = MonitoringQueries.load(HOME);
        List<String> empty = queries.withoutSeries(expr -> prometheus.query(expr).size(), query -> true);
        System.out.printf("cluster: %d scrape targets up in %d jobs; %d dashboard queries and %d rules, %d without series%n",
                prometheus.targets().size(), jobs.size(), queries.dashboardQueries().size(), queries.ruleQueries().size(), empty.size());
        assertThat(empty).isEmpty();
    }

    private static int httpStatus(String url) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    /** What every scenario must show: no acknowledged write lost, none twice, no drift in any read model. */
    private static ScenarioResult judged(ScenarioResult result) {
        RESULTS.add(result);
        assertThat(result.lost()).as("acknowledged writes missing from the topic").isZero();
        assertThat(result.duplicates()).as("writes found twice").isZero();
        assertThat(result.drift()).as("flights reconcile found wrong after " + result.fault()).allSatisfy((model, wrong) ->
                assertThat(wrong).as(model + " vs MySQL").isZero());
        return result;
    }
}
