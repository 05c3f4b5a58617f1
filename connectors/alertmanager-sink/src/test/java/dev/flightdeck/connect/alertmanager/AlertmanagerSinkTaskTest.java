package dev.flightdeck.connect.alertmanager;

import static dev.flightdeck.connect.alertmanager.AnomalyStructs.FAILED_ID;
import static dev.flightdeck.connect.alertmanager.AnomalyStructs.OVERBOOKING_ID;
import static dev.flightdeck.connect.alertmanager.AnomalyStructs.TOPIC;
import static dev.flightdeck.connect.alertmanager.AnomalyStructs.connectorFailed;
import static dev.flightdeck.connect.alertmanager.AnomalyStructs.connectorRecovered;
import static dev.flightdeck.connect.alertmanager.AnomalyStructs.overbooking;
import static dev.flightdeck.connect.alertmanager.AnomalyStructs.record;
import static dev.flightdeck.connect.alertmanager.AnomalyStructs.tombstone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertmanagerSinkTaskTest {

    private static final Instant DETECTED = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant NOW = DETECTED.plus(Duration.ofMinutes(5));
    private static final AlertMapping MAPPING = new AlertMapping("FlightdeckAnomaly", Duration.ofHours(1));

    private final Metrics registry = new Metrics();
    private final FakeAlertmanager alertmanager = new FakeAlertmanager();
    private final List<SinkRecord> deadLettered = new ArrayList<>();
    private final List<String> reasons = new ArrayList<>();
    private final AlertmanagerSinkTask task = new AlertmanagerSinkTask(Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void stop() {
        task.stop();
        alertmanager.close();
        registry.close();
    }

    /** Three attempts a millisecond apart: the retry policy without the waiting. */
    private static Map<String, String> config(String urls) {
        return Map.of("alertmanager.url", urls, "retry.max.attempts", "3", "retry.backoff.initial.ms", "1", "retry.backoff.max.ms", "1");
    }

    private void startWithDeadLetterTopic(String urls) {
        task.initialize(new TaskContext(new PluginMetricsImpl(registry, Map.of("connector", "alertmanager-sink-anomalies", "task", "0")),
                (record, error) -> {
                    deadLettered.add(record);
                    reasons.add(error.getMessage());
                    return CompletableFuture.completedFuture(null);
                }));
        task.start(config(urls));
    }

    private void startWithDeadLetterTopic() {
        startWithDeadLetterTopic(alertmanager.url().toString());
    }

    private static SinkRecord overbooked(String id, long offset) {
        return record(overbooking(id, DETECTED).build(), offset);
    }

    private double metric(String name) {
        return (double) registry.metrics().entrySet().stream().filter(e -> e.getKey().name().equals(name))
                .map(Map.Entry::getValue).findFirst().orElseThrow().metricValue();
    }

    private static List<JsonNode> alerts(JsonNode post) {
        return StreamSupport.stream(post.spliterator(), false).toList();
    }

    private static List<String> ids(JsonNode post) {
        return alerts(post).stream().map(alert -> alert.path("labels").path("anomaly_id").asText()).toList();
    }

    @Test
    void shouldSendTheAlertsOfABatchInOneRequestToEachAlertmanager() {
        try (FakeAlertmanager second = new FakeAlertmanager()) {
            startWithDeadLetterTopic(alertmanager.url() + "," + second.url());

            task.put(List.of(overbooked(OVERBOOKING_ID, 0), record(connectorFailed(FAILED_ID, DETECTED).build(), 1)));

            for (FakeAlertmanager each : List.of(alertmanager, second)) {
                assertThat(each.posts).singleElement().satisfies(post -> assertThat(ids(post)).containsExactly(OVERBOOKING_ID, FAILED_ID));
            }
            assertThat(alerts(alertmanager.posts.get(0))).allSatisfy(alert ->
                    assertThat(alert.path("endsAt").asText()).isEqualTo("2026-11-25T11:00:00Z"));
            assertThat(metric(AlertMetrics.SENT)).isEqualTo(2.0);
            assertThat(metric(AlertMetrics.ERRORS)).isZero();
        }
    }

    @Test
    void shouldSendAnAnomalyDeliveredTwiceInABatchAsOneAlert() {
        startWithDeadLetterTopic();

        task.put(List.of(overbooked(OVERBOOKING_ID, 0), overbooked(OVERBOOKING_ID, 1)));

        assertThat(alertmanager.posts).singleElement().satisfies(post -> assertThat(ids(post)).containsExactly(OVERBOOKING_ID));
    }

    @Test
    void shouldRetryAnUnavailableAlertmanagerWithoutSendingAgainToOneThatTookTheBatch() {
        try (FakeAlertmanager restarting = new FakeAlertmanager()) {
            restarting.answerPosts((request, body) -> request == 1 ? 503 : 200);
            startWithDeadLetterTopic(alertmanager.url() + "," + restarting.url());

            task.put(List.of(overbooked(OVERBOOKING_ID, 0)));

            assertThat(alertmanager.posts).hasSize(1);
            assertThat(restarting.posts).hasSize(2);
            assertThat(metric(AlertMetrics.ERRORS)).isEqualTo(1.0);
            assertThat(metric(AlertMetrics.SENT)).isEqualTo(1.0);
        }
    }

    @Test
    void shouldAskConnectToRedeliverOnceTheAttemptsAreSpentAndSendTheRedeliveredBatch() {
        alertmanager.answerPosts((request, body) -> request <= 3 ? 503 : 200);
        startWithDeadLetterTopic();
        List<SinkRecord> batch = List.of(overbooked(OVERBOOKING_ID, 0));

        assertThatThrownBy(() -> task.put(batch)).isInstanceOf(RetriableException.class)
                .hasMessageContaining("failed 3 times").hasMessageContaining("answered 503");
        assertThat(metric(AlertMetrics.SENT)).isZero();

        task.put(batch);
        assertThat(alertmanager.posts).hasSize(4);
        assertThat(metric(AlertMetrics.SENT)).isEqualTo(1.0);
        assertThat(metric(AlertMetrics.ERRORS)).isEqualTo(3.0);
    }

    @Test
    void shouldRetryWhenNothingListensAndNameTheAlertmanager() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        startWithDeadLetterTopic("http://127.0.0.1:" + closedPort);

        assertThatThrownBy(() -> task.put(List.of(overbooked(OVERBOOKING_ID, 0)))).isInstanceOf(RetriableException.class)
                .hasMessageContaining("no answer from Alertmanager http://127.0.0.1:" + closedPort);
        assertThat(metric(AlertMetrics.ERRORS)).isEqualTo(3.0);
    }

    @Test
    void shouldDeadLetterTheRecordWhoseAlertIsRefusedWithTheAnswerAndSendTheRest() {
        alertmanager.answerPosts((request, body) -> body.size() > 1 || ids(body).contains("refused") ? 400 : 200);
        startWithDeadLetterTopic();
        SinkRecord refused = overbooked("refused", 1);

        task.put(List.of(overbooked(OVERBOOKING_ID, 0), refused));

        assertThat(deadLettered).containsExactly(refused);
        assertThat(reasons).singleElement().asString()
                .startsWith("the alert of anomaly refused was refused: Alertmanager " + alertmanager.url() + " answered 400: ")
                .contains("start time must be before end time");
        assertThat(alertmanager.posts).extracting(AlertmanagerSinkTaskTest::ids)
                .containsExactly(List.of(OVERBOOKING_ID, "refused"), List.of(OVERBOOKING_ID), List.of("refused"));
        assertThat(metric(AlertMetrics.SENT)).isEqualTo(1.0);
        assertThat(metric(AlertMetrics.ERRORS)).isEqualTo(2.0);
    }

    @Test
    void shouldStopWithoutRetryingWhenTheUrlIsWrong() {
        alertmanager.answerPosts((request, body) -> 404);
        startWithDeadLetterTopic();

        assertThatThrownBy(() -> task.put(List.of(overbooked(OVERBOOKING_ID, 0))))
                .isInstanceOf(ConnectException.class).isNotInstanceOf(RetriableException.class)
                .hasMessageContaining("answered 404").hasMessageContaining("check alertmanager.url");
        assertThat(alertmanager.posts).hasSize(1);
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void shouldDeadLetterAnUndecodableRecordWithTheReasonAndSendTheRest() {
        startWithDeadLetterTopic();
        SinkRecord poison = new SinkRecord(TOPIC, 0, Schema.STRING_SCHEMA, "p1", null, "{\"id\":\"p1\"}", 5);

        task.put(List.of(overbooked(OVERBOOKING_ID, 4), poison));

        assertThat(deadLettered).containsExactly(poison);
        assertThat(reasons).singleElement().asString().contains("not a struct: configure the Avro converter");
        assertThat(alertmanager.posts).singleElement().satisfies(post -> assertThat(ids(post)).containsExactly(OVERBOOKING_ID));
    }

    @Test
    void shouldStopOnAnUndecodableRecordWhenThereIsNoDeadLetterTopic() {
        task.start(config(alertmanager.url().toString())); // no context: as with errors.tolerance=none, there is no reporter

        assertThatThrownBy(() -> task.put(List.of(new SinkRecord(TOPIC, 0, null, null, null, null, 5))))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("record anomalies-0@5 cannot be sent to Alertmanager and errors.tolerance is not 'all'")
                .hasMessageContaining("tombstone without a key");
        assertThat(alertmanager.posts).isEmpty();
    }

    @Test
    void shouldResolveAnAnomalyClearedInTheSameBatchWithoutAskingAlertmanager() {
        startWithDeadLetterTopic();

        task.put(List.of(overbooked(OVERBOOKING_ID, 0), tombstone(OVERBOOKING_ID, 1)));

        assertThat(alertmanager.queries).isEmpty();
        assertThat(alertmanager.posts).singleElement().satisfies(post -> {
            assertThat(ids(post)).containsExactly(OVERBOOKING_ID);
            assertThat(post.get(0).path("startsAt").asText()).isEqualTo(DETECTED.toString());
            assertThat(post.get(0).path("endsAt").asText()).isEqualTo(NOW.toString());
        });
        assertThat(metric(AlertMetrics.RESOLVED)).isEqualTo(1.0);
        assertThat(metric(AlertMetrics.SENT)).isZero();
    }

    @Test
    void shouldResolveTheAlertAlertmanagerHoldsWhenItsTombstoneArrives() {
        Alert held = MAPPING.firing(read(overbooked(OVERBOOKING_ID, 0)));
        Alert other = MAPPING.firing(read(overbooked("still-open", 0)));
        alertmanager.hold(AlertmanagerApi.json(List.of(other, held)));
        startWithDeadLetterTopic();

        task.put(List.of(tombstone(OVERBOOKING_ID, 7)));

        assertThat(alertmanager.queries).singleElement().asString()
                .contains("filter=alertname=\"FlightdeckAnomaly\"", "filter=source=\"anomaly-detector\"", "active=true", "silenced=true",
                        "inhibited=true", "unprocessed=true");
        assertThat(alertmanager.posts).singleElement().satisfies(post -> {
            assertThat(post).hasSize(1);
            assertThat(labels(post.get(0))).isEqualTo(held.labels());
            assertThat(post.get(0).path("endsAt").asText()).isEqualTo(NOW.toString());
        });
        assertThat(metric(AlertMetrics.RESOLVED)).isEqualTo(1.0);
    }

    @Test
    void shouldResolveTheConnectorFailureItsRecoveryNamesAndRaiseNoAlertForTheRecovery() {
        Alert failed = MAPPING.firing(read(record(connectorFailed(FAILED_ID, DETECTED).build(), 0)));
        Alert otherFailure = MAPPING.firing(read(record(connectorFailed("another-failure", DETECTED).build(), 0)));
        alertmanager.hold(AlertmanagerApi.json(List.of(otherFailure, failed)));
        startWithDeadLetterTopic();

        task.put(List.of(record(connectorRecovered(FAILED_ID, NOW).build(), 8)));

        assertThat(alertmanager.posts).singleElement().satisfies(post -> {
            assertThat(ids(post)).containsExactly(FAILED_ID);
            assertThat(post.get(0).path("endsAt").asText()).isEqualTo(NOW.toString());
        });
    }

    @Test
    void shouldResolveTheFailuresOfTheConnectorWhenItsRecoveryNamesNone() {
        Alert failed = MAPPING.firing(read(record(connectorFailed(FAILED_ID, DETECTED).build(), 0)));
        Alert elsewhere = MAPPING.firing(read(record(connectorFailed("sink-failure", DETECTED).setConnector("redis-sink-flights").build(), 0)));
        alertmanager.hold(AlertmanagerApi.json(List.of(elsewhere, failed)));
        startWithDeadLetterTopic();

        task.put(List.of(record(connectorRecovered(FAILED_ID, NOW).setEvidence(List.of()).build(), 8)));

        assertThat(alertmanager.posts).singleElement().satisfies(post -> assertThat(ids(post)).containsExactly(FAILED_ID));
    }

    @Test
    void shouldSendAnAnomalyThatArrivesAfterItsClearingResolved() {
        startWithDeadLetterTopic();

        task.put(List.of(tombstone(OVERBOOKING_ID, 3))); // from another partition, before the anomaly
        assertThat(alertmanager.posts).isEmpty();
        task.put(List.of(overbooked(OVERBOOKING_ID, 0)));

        assertThat(alertmanager.posts).singleElement().satisfies(post ->
                assertThat(post.get(0).path("endsAt").asText()).isEqualTo(NOW.toString()));
        assertThat(metric(AlertMetrics.RESOLVED)).isEqualTo(1.0);
    }

    @Test
    void shouldPublishItsCountersAsPluginMetricsOfTheTask() {
        startWithDeadLetterTopic();

        task.put(List.of(overbooked(OVERBOOKING_ID, 0)));

        Map<String, MetricName> names = registry.metrics().keySet().stream()
                .filter(name -> name.group().equals("plugins"))
                .collect(Collectors.toMap(MetricName::name, name -> name));
        assertThat(names).containsOnlyKeys(AlertMetrics.SENT, AlertMetrics.RESOLVED, AlertMetrics.ERRORS);
        assertThat(names.values()).allSatisfy(name ->
                assertThat(name.tags()).containsEntry("connector", "alertmanager-sink-anomalies").containsEntry("task", "0"));
    }

    @Test
    void shouldReportThePomsVersion() {
        assertThat(Stream.of(new AlertmanagerSinkConnector().version(), task.version()))
                .containsOnly(System.getProperty("flightdeck.project.version"));
    }

    private static AnomalySignal.Raised read(SinkRecord record) {
        return (AnomalySignal.Raised) new AnomalyRecords().read(record);
    }

    private static Map<String, String> labels(JsonNode alert) {
        Map<String, String> labels = new HashMap<>();
        alert.path("labels").properties().forEach(label -> labels.put(label.getKey(), label.getValue().asText()));
        return labels;
    }
}
