package dev.flightdeck.connect.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

class RedisSinkTaskTest {

    @Test
    void shouldRetryOnlyFailuresThatPass() {
        assertThat(RedisSinkTask.isTransient(new JedisConnectionException("Connection refused"))).isTrue();
        assertThat(RedisSinkTask.isTransient(new IllegalStateException("bug"))).isFalse();
        assertThat(RedisSinkTask.isTransient(new JedisDataException("LOADING Redis is loading the dataset in memory"))).isTrue();
        assertThat(RedisSinkTask.isTransient(new JedisDataException("BUSY Redis is busy running a script"))).isTrue();
        assertThat(RedisSinkTask.isTransient(new JedisDataException("NOSCRIPT No matching script"))).isTrue();
        assertThat(RedisSinkTask.isTransient(new JedisDataException("WRONGTYPE Operation against a key holding the wrong kind of value"))).isFalse();
        assertThat(RedisSinkTask.isTransient(new JedisDataException("OOM command not allowed"))).isFalse();
    }

    @Test
    void shouldStopOnAnUnreadableRecordWhenThereIsNoDeadLetterTopic() {
        RedisSinkTask task = new RedisSinkTask();
        // Nothing listens on port 9; the record fails before any write is tried.
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
}
