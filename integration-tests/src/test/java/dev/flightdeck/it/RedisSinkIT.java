package dev.flightdeck.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.connect.redis.RedisSinkTask;
import dev.flightdeck.connect.sink.FlightAvailabilityStructs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisPooled;

/**
 * The Redis sink's task against the local stack's real Redis: whatever order and however often
 * records come, Redis ends at the newest version; a deleted flight stays deleted. (The task is
 * driven directly here; running it inside the Connect worker is the next step of issue 4.)
 */
@ExtendWith(SharedStack.class)
class RedisSinkIT {

    private final SharedStack stack = SharedStack.get();
    private final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    private final Instant departure = Instant.now().plusSeconds(86_400).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private RedisSinkTask task;
    private JedisPooled redis;
    private long offset;

    @BeforeEach
    void start() {
        task = new RedisSinkTask();
        task.start(Map.of("redis.uri", stack.profile().redisUrl(), "redis.user", stack.profile().redisUser(),
                "redis.password", stack.profile().redisPassword(), "redis.key.prefix", prefix));
        redis = stack.profile().openRedis();
    }

    @AfterEach
    void stop() {
        task.stop();
        redis.close();
    }

    private SinkRecord put(long flightId, long version, String origin, String destination, List<String> seats) {
        return FlightAvailabilityStructs.record(FlightAvailabilityStructs.flight(flightId, version, origin, destination, departure, seats),
                offset++);
    }

    private SinkRecord delete(long flightId, long version) {
        return FlightAvailabilityStructs.tombstone(flightId, version, offset++);
    }

    private String route(String origin, String destination) {
        return prefix + "route:" + origin + ":" + destination + ":" + departure.toString().substring(0, 10);
    }

    @Test
    void shouldEndAtTheNewestVersionWhetherRecordsComeTwiceReversedOrOlderAfterNewer() {
        List<SinkRecord> versions = new ArrayList<>();
        for (int v = 1; v <= 5; v++) {
            List<String> seats = new ArrayList<>();
            for (int s = 1; s <= v; s++) {
                seats.add(s + "A");
            }
            versions.add(put(7, v, "FRA", "LIS", seats));
        }
        task.put(versions);
        task.put(versions); // the same records again
        List<SinkRecord> reversed = new ArrayList<>(versions);
        Collections.reverse(reversed);
        for (SinkRecord record : reversed) {
            task.put(List.of(record)); // older after newer, one batch each
        }
        assertThat(redis.hget(prefix + "flight:7", "version")).isEqualTo("5");
        assertThat(redis.hget(prefix + "flight:7", "Y.available")).isEqualTo("143");
        assertThat(redis.smembers(prefix + "flight:7:seats")).containsExactlyInAnyOrder("1A", "2A", "3A", "4A", "5A");
        assertThat(redis.zscore(route("FRA", "LIS"), "7")).isEqualTo((double) departure.toEpochMilli());
        assertThat(redis.pttl(prefix + "flight:7")).isPositive();
    }

    @Test
    void shouldKeepADeletedFlightDeletedWhenAnOlderWriteComesLater() {
        task.put(List.of(put(8, 1, "FRA", "LIS", List.of("1A")), put(8, 2, "FRA", "LIS", List.of("1A", "1B"))));
        task.put(List.of(delete(8, 3)));
        task.put(List.of(put(8, 2, "FRA", "LIS", List.of("1A", "1B")))); // a replay of an older version
        assertThat(redis.hgetAll(prefix + "flight:8")).containsOnlyKeys("version", "deleted").containsEntry("version", "3");
        assertThat(redis.exists(prefix + "flight:8:seats")).isFalse();
        assertThat(redis.zscore(route("FRA", "LIS"), "8")).isNull();
        assertThat(redis.pttl(prefix + "flight:8")).isPositive(); // the marker expires in time
        task.put(List.of(put(8, 4, "FRA", "LIS", List.of("2A")))); // the flight comes back, newer
        assertThat(redis.hget(prefix + "flight:8", "deleted")).isNull();
        assertThat(redis.smembers(prefix + "flight:8:seats")).containsExactly("2A");
    }

    @Test
    void shouldKeepThePutAndDeleteOrderWithinABatch() {
        task.put(List.of(put(9, 1, "FRA", "LIS", List.of()), delete(9, 2)));
        assertThat(redis.hget(prefix + "flight:9", "deleted")).isEqualTo("1");
        task.put(List.of(delete(10, 1), put(10, 2, "FRA", "LIS", List.of("3C"))));
        assertThat(redis.hget(prefix + "flight:10", "version")).isEqualTo("2");
        assertThat(redis.smembers(prefix + "flight:10:seats")).containsExactly("3C");
    }

    @Test
    void shouldMoveAFlightToItsNewRouteSet() {
        task.put(List.of(put(11, 1, "FRA", "LIS", List.of())));
        task.put(List.of(put(11, 2, "FRA", "OPO", List.of())));
        assertThat(redis.zscore(route("FRA", "LIS"), "11")).isNull();
        assertThat(redis.zscore(route("FRA", "OPO"), "11")).isNotNull();
    }
}
