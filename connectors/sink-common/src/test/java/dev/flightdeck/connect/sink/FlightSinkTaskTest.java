package dev.flightdeck.connect.sink;

import static dev.flightdeck.connect.sink.FlightAvailabilityStructs.flight;
import static dev.flightdeck.connect.sink.FlightAvailabilityStructs.record;
import static dev.flightdeck.connect.sink.FlightAvailabilityStructs.tombstone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.ConnectException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FlightSinkTaskTest {

    private static final Instant DEPARTURE = Instant.parse("2026-12-01T10:00:00Z");
    /** Three attempts a millisecond apart: the retry policy without the waiting. */
    private static final Map<String, String> QUICK_RETRIES = Map.of("retry.max.attempts", "3",
            "retry.backoff.initial.ms", "1", "retry.backoff.max.ms", "1");

    private final Metrics registry = new Metrics();
    private final List<SinkRecord> deadLettered = new ArrayList<>();
    private final List<String> reasons = new ArrayList<>();
    private final TestSink.Task task = new TestSink.Task();
    private final InMemoryReadModel readModel = task.readModel;

    @AfterEach
    void stop() {
        task.stop();
        registry.close();
    }

    private void startWithDeadLetterTopic() {
        task.initialize(new Context(new PluginMetricsImpl(registry, Map.of("connector", "test-sink", "task", "0")),
                (record, error) -> {
                    deadLettered.add(record);
                    reasons.add(error.getMessage());
                    return CompletableFuture.completedFuture(null);
                }));
        task.start(QUICK_RETRIES);
    }

    private static SinkRecord put(long flightId, long version, long offset) {
        return record(flight(flightId, version, "FRA", "LIS", DEPARTURE, List.of()), offset);
    }

    private static SinkRecord poison(long offset) {
        return new SinkRecord(FlightAvailabilityStructs.TOPIC, 0, null, "x", null, "{}", offset);
    }

    private double metric(String name) {
        KafkaMetric metric = registry.metrics().entrySet().stream().filter(e -> e.getKey().name().equals(name))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
        return (double) metric.metricValue();
    }

    @Test
    void shouldSendAnUndecodableRecordToTheDeadLetterTopicWithTheReasonAndWriteTheRest() {
        startWithDeadLetterTopic();
        SinkRecord poison = poison(11);

        task.put(List.of(put(1, 3, 10), poison, tombstone(2, 4, 12)));

        assertThat(deadLettered).containsExactly(poison);
        assertThat(reasons).containsExactly("key 'x' is not a flight id");
        assertThat(readModel.versions).isEqualTo(Map.of(1L, 3L, 2L, 4L));
    }

    @Test
    void shouldStopOnAnUndecodableRecordWhenThereIsNoDeadLetterTopic() {
        task.start(QUICK_RETRIES); // no context: as with errors.tolerance=none, there is no reporter

        assertThatThrownBy(() -> task.put(List.of(put(1, 1, 4), poison(5))))
                .isInstanceOf(org.apache.kafka.connect.errors.ConnectException.class)
                .hasMessageContaining("record flight-availability-0@5 cannot be written and errors.tolerance is not 'all'")
                .hasMessageContaining("key 'x' is not a flight id");
        assertThat(readModel.writes).isEmpty();
    }

    @Test
    void shouldRetryATransientFailureAndThenAskConnectToRedeliver() {
        startWithDeadLetterTopic();
        readModel.failures.addAll(List.of(new ConnectException("Connection refused"), new ConnectException("Connection refused"),
                new ConnectException("Connection refused")));

        assertThatThrownBy(() -> task.put(List.of(put(1, 1, 0), put(2, 1, 1))))
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("write of 2 flights to the in-memory read model failed 3 times")
                .hasMessageContaining("Connection refused");
        assertThat(readModel.writes).hasSize(3);

        task.put(List.of(put(1, 1, 0), put(2, 1, 1))); // Connect redelivers once the read model is back
        assertThat(readModel.versions).isEqualTo(Map.of(1L, 1L, 2L, 1L));
        assertThat(metric(SinkMetrics.WRITTEN)).isEqualTo(2.0);
    }

    @Test
    void shouldStopAtOnceOnAFailureThatIsNotTransient() {
        startWithDeadLetterTopic();
        readModel.failures.add(new IllegalStateException("WRONGTYPE Operation against a key holding the wrong kind of value"));

        assertThatThrownBy(() -> task.put(List.of(put(1, 1, 0))))
                .isInstanceOf(org.apache.kafka.connect.errors.ConnectException.class)
                .isNotInstanceOf(RetriableException.class)
                .hasMessageContaining("WRONGTYPE");
        assertThat(readModel.writes).hasSize(1);
    }

    @Test
    void shouldCountVersionsWrittenAndVersionsSkippedAsNotNewer() {
        startWithDeadLetterTopic();
        List<SinkRecord> batch = List.of(put(1, 1, 0), put(1, 2, 1), put(2, 1, 2));

        task.put(batch); // flight 1 coalesced to version 2
        task.put(batch); // redelivered
        task.put(List.of(put(1, 1, 0))); // older after newer

        assertThat(readModel.writes.getFirst()).extracting(AvailabilityUpdate::flightId, AvailabilityUpdate::version)
                .containsExactly(tuple(1L, 2L), tuple(2L, 1L));
        assertThat(metric(SinkMetrics.WRITTEN)).isEqualTo(2.0);
        assertThat(metric(SinkMetrics.SKIPPED)).isEqualTo(3.0);
    }

    @Test
    void shouldSendAgainOnlyTheFlightsThatFailedTransientlyAndDeadLetterTheRefusedOnesRecord() {
        startWithDeadLetterTopic();
        readModel.overloadedOnce.put(2L, "status 429, es_rejected_execution_exception: queue full");
        readModel.overloadedOnce.put(4L, "status 503, unavailable_shards_exception: primary not active");
        readModel.refusing.put(3L, "status 400, document_parsing_exception: bad");
        SinkRecord lastOfFlight3 = put(3, 2, 3);

        task.put(List.of(put(1, 1, 0), put(2, 1, 1), put(3, 1, 2), lastOfFlight3, tombstone(4, 2, 4)));

        assertThat(readModel.writes).hasSize(2);
        assertThat(readModel.writes.get(1)).extracting(AvailabilityUpdate::flightId).containsExactly(2L, 4L);
        assertThat(readModel.versions).isEqualTo(Map.of(1L, 1L, 2L, 1L, 4L, 2L));
        assertThat(deadLettered).containsExactly(lastOfFlight3);
        assertThat(reasons).containsExactly("the in-memory read model refused version 2 of flight 3: status 400, document_parsing_exception: bad");
        assertThat(metric(SinkMetrics.WRITTEN)).isEqualTo(3.0);
    }

    @Test
    void shouldRetryTheSetupAtStartAndCloseTheWriterWhenItNeverSucceeds() {
        readModel.failures.addAll(List.of(new ConnectException("Connection refused"), new ConnectException("Connection refused"),
                new ConnectException("Connection refused")));

        assertThatThrownBy(() -> task.start(QUICK_RETRIES))
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("setup of the in-memory read model failed 3 times");
        assertThat(readModel.closed).isTrue();
    }

    @Test
    void shouldCloseTheWriterOnStop() {
        task.start(QUICK_RETRIES);
        task.stop();
        assertThat(readModel.closed).isTrue();
    }

    /** What a Connect worker gives a task: its plugin metrics, and a reporter when a dead-letter topic is configured. */
    private record Context(PluginMetrics pluginMetrics, ErrantRecordReporter errantRecordReporter) implements SinkTaskContext {
        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
        }

        @Override
        public void offset(TopicPartition partition, long offset) {
        }

        @Override
        public void timeout(long timeoutMs) {
        }

        @Override
        public Set<TopicPartition> assignment() {
            return Set.of();
        }

        @Override
        public void pause(TopicPartition... partitions) {
        }

        @Override
        public void resume(TopicPartition... partitions) {
        }

        @Override
        public void requestCommit() {
        }
    }
}
