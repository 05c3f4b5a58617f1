package dev.flightdeck.connect.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class RedisSinkTaskTest {

    @Test
    void shouldStartWithoutReachingRedisAndStopOnAnUnreadableRecordWhenThereIsNoDeadLetterTopic() {
        RedisSinkTask task = new RedisSinkTask();
        // Nothing listens on port 9: starting opens no connection, and the record fails before any write is tried.
        task.start(Map.of("redis.uri", "redis://127.0.0.1:9"));
        try {
            assertThatThrownBy(() -> task.put(List.of(new SinkRecord("flight-availability", 0, Schema.STRING_SCHEMA, "x", null, null, 5))))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("flight-availability-0@5")
                    .hasMessageContaining("key 'x' is not a flight id");
        } finally {
            task.stop();
        }
    }

    @Test
    void shouldReportThePomsVersion() {
        assertThat(List.of(new RedisSinkConnector().version(), new RedisSinkTask().version()))
                .containsOnly(System.getProperty("flightdeck.project.version"));
    }
}
