package dev.flightdeck.ops.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkCountersTest {

    private static SinkCounters counters(long pid, long redisWritten, long redisSkipped, long searchWritten, long searchSkipped) {
        return new SinkCounters(pid, Map.of("redis-sink-flights", redisWritten, "elasticsearch-sink-flights", searchWritten),
                Map.of("redis-sink-flights", redisSkipped, "elasticsearch-sink-flights", searchSkipped));
    }

    @Test
    void shouldCountTheDifferenceWhileTheWorkerAndItsTasksRunOn() {
        SinkCounters since = counters(7, 1_500, 12, 900, 3).since(counters(7, 1_000, 10, 800, 3));
        assertThat(since.written()).containsEntry("redis-sink-flights", 500L).containsEntry("elasticsearch-sink-flights", 100L);
        assertThat(since.skipped()).containsEntry("redis-sink-flights", 2L).containsEntry("elasticsearch-sink-flights", 0L);
    }

    @Test
    void shouldCountEverythingWhenTheWorkerRestarted() {
        SinkCounters after = counters(8, 300, 4, 200, 1);
        assertThat(after.since(counters(7, 1_000, 10, 800, 3))).isEqualTo(after);
    }

    @Test
    void shouldCountWhatTheNewTaskCountedWhenConnectRestartedATaskInTheSameWorker() {
        // Elasticsearch's task was restarted (its counters went down); Redis's ran on.
        SinkCounters since = counters(7, 1_200, 10, 150, 5).since(counters(7, 1_000, 10, 800, 3));
        assertThat(since.written()).containsEntry("redis-sink-flights", 200L).containsEntry("elasticsearch-sink-flights", 150L);
        assertThat(since.skipped()).containsEntry("elasticsearch-sink-flights", 5L);
    }
}
