package dev.flightdeck.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.Test;

class SinkMetricsTest {

    @Test
    void shouldPublishWrittenAndSkippedVersionsUnderTheTaskTagsConnectGives() {
        try (Metrics registry = new Metrics()) {
            // The tags Connect's worker passes for a task's plugin metrics.
            SinkMetrics metrics = SinkMetrics.register(new PluginMetricsImpl(registry, Map.of("connector", "redis-sink-flights", "task", "0")));

            metrics.recordWrite(40, 0);
            metrics.recordWrite(7, 3);

            assertThat(value(registry, SinkMetrics.WRITTEN)).isEqualTo(47.0);
            assertThat(value(registry, SinkMetrics.SKIPPED)).isEqualTo(3.0);
            MetricName name = registry.metrics().keySet().stream().filter(n -> n.name().equals(SinkMetrics.SKIPPED)).findFirst().orElseThrow();
            assertThat(name.group()).isEqualTo("plugins");
            assertThat(name.tags()).containsEntry("connector", "redis-sink-flights").containsEntry("task", "0");
        }
    }

    @Test
    void shouldRunOnAndRegisterLaterWhenTheTasksPreviousInstanceStillHoldsTheNames() throws Exception {
        try (Metrics registry = new Metrics()) {
            Map<String, String> task = Map.of("connector", "elasticsearch-sink-flights", "task", "0");
            PluginMetricsImpl previous = new PluginMetricsImpl(registry, task);
            SinkMetrics.register(previous).recordWrite(100, 0);
            long[] now = {0};
            SinkMetrics restarted = new SinkMetrics(new PluginMetricsImpl(registry, task), () -> now[0]);

            restarted.recordWrite(5, 1);
            assertThat(value(registry, SinkMetrics.WRITTEN)).as("the previous instance's, still registered").isEqualTo(100.0);

            previous.close(); // Connect removes a task's metrics once the instance has stopped
            now[0] += java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
            restarted.recordWrite(1, 0);
            assertThat(value(registry, SinkMetrics.WRITTEN)).isEqualTo(6.0);
            assertThat(value(registry, SinkMetrics.SKIPPED)).isEqualTo(1.0);
        }
    }

    @Test
    void shouldPublishFreshnessAsCumulativeBucketsTaggedWithTheirUpperBound() {
        try (Metrics registry = new Metrics()) {
            SinkMetrics metrics = SinkMetrics.register(new PluginMetricsImpl(registry, Map.of("connector", "redis-sink-flights", "task", "0")));
            Instant written = Instant.parse("2026-12-04T10:00:00Z");

            metrics.recordFreshness(List.of(written.minusMillis(20), written.minusMillis(300), written.minusSeconds(90)), written);

            assertThat(bucket(registry, "0.025")).isEqualTo(1.0);
            assertThat(bucket(registry, "0.1")).isEqualTo(1.0);
            assertThat(bucket(registry, "0.5")).isEqualTo(2.0);
            assertThat(bucket(registry, "60")).isEqualTo(2.0);
            assertThat(bucket(registry, "+Inf")).isEqualTo(3.0);
            assertThat(value(registry, SinkMetrics.FRESHNESS + "-count")).isEqualTo(3.0);
            assertThat(value(registry, SinkMetrics.FRESHNESS + "-sum")).isCloseTo(90.32, within(1e-9));
            long buckets = registry.metrics().keySet().stream().filter(n -> n.name().equals(SinkMetrics.FRESHNESS + "-bucket")).count();
            assertThat(buckets).isEqualTo(SinkMetrics.FRESHNESS_BOUNDS.length + 1);
        }
    }

    @Test
    void shouldCountAVersionCommittedAfterTheWriteClockAsFreshNotNegative() {
        SinkMetrics metrics = SinkMetrics.register((org.apache.kafka.connect.sink.SinkTaskContext) null);
        Instant written = Instant.parse("2026-12-04T10:00:00Z");
        metrics.recordFreshness(List.of(written.plusMillis(5)), written); // clocks of two machines
        assertThat(metrics.freshnessWithin(0.025)).isEqualTo(1);
        assertThat(metrics.freshnessCount()).isEqualTo(1);
    }

    @Test
    void shouldCountWithoutAWorkerForUnitTestsOfTheTasks() {
        SinkMetrics metrics = SinkMetrics.register((org.apache.kafka.connect.sink.SinkTaskContext) null);
        metrics.recordWrite(2, 1);
        assertThat(metrics.written()).isEqualTo(2);
        assertThat(metrics.skipped()).isEqualTo(1);
    }

    private static double bucket(Metrics registry, String le) {
        return registry.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(SinkMetrics.FRESHNESS + "-bucket") && le.equals(e.getKey().tags().get("le")))
                .map(e -> (double) e.getValue().metricValue()).findFirst().orElseThrow();
    }

    private static double value(Metrics registry, String name) {
        KafkaMetric metric = registry.metrics().entrySet().stream().filter(e -> e.getKey().name().equals(name))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
        return (double) metric.metricValue();
    }
}
