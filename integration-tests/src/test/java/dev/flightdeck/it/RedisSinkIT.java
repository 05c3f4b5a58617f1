package dev.flightdeck.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.connect.redis.RedisSinkTask;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.header.ConnectHeaders;
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

    private static final Schema CABIN = SchemaBuilder.struct().name("dev.flightdeck.schemas.CabinAvailability")
            .field("cabin", Schema.STRING_SCHEMA).field("capacity", Schema.INT32_SCHEMA).field("held", Schema.INT32_SCHEMA)
            .field("confirmed", Schema.INT32_SCHEMA).field("available", Schema.INT32_SCHEMA).build();
    private static final Schema FLIGHT = SchemaBuilder.struct().name("dev.flightdeck.schemas.FlightAvailability")
            .field("flightId", Schema.INT64_SCHEMA).field("flightNumber", Schema.STRING_SCHEMA)
            .field("origin", Schema.STRING_SCHEMA).field("destination", Schema.STRING_SCHEMA)
            .field("departureTime", Timestamp.SCHEMA).field("arrivalTime", Timestamp.SCHEMA)
            .field("aircraftType", Schema.STRING_SCHEMA).field("aircraftModel", Schema.OPTIONAL_STRING_SCHEMA)
            .field("status", Schema.STRING_SCHEMA).field("baseFare", Decimal.schema(2)).field("currency", Schema.STRING_SCHEMA)
            .field("cabins", SchemaBuilder.array(CABIN).build()).field("takenSeats", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("version", Schema.INT64_SCHEMA).field("sourceTimestamp", Timestamp.SCHEMA).field("updatedAt", Timestamp.SCHEMA)
            .build();

    private final SharedStack stack = SharedStack.get();
    private final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    private final Instant departure = Instant.now().plusSeconds(86_400).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private RedisSinkTask task;
    private JedisPooled redis;
    private long offset;

    @BeforeEach
    void start() {
        task = new RedisSinkTask();
        task.start(Map.of("redis.uri", stack.endpoints().redisUrl(), "redis.key.prefix", prefix));
        redis = new JedisPooled(java.net.URI.create(stack.endpoints().redisUrl()));
    }

    @AfterEach
    void stop() {
        task.stop();
        redis.close();
    }

    private SinkRecord put(long flightId, long version, String origin, String destination, List<String> seats) {
        Struct value = new Struct(FLIGHT).put("flightId", flightId).put("flightNumber", "FD" + flightId)
                .put("origin", origin).put("destination", destination)
                .put("departureTime", Date.from(departure)).put("arrivalTime", Date.from(departure.plusSeconds(7200)))
                .put("aircraftType", "A320").put("aircraftModel", null).put("status", "SCHEDULED")
                .put("baseFare", new java.math.BigDecimal("99.00")).put("currency", "EUR")
                .put("cabins", List.of(new Struct(CABIN).put("cabin", "Y").put("capacity", 150).put("held", 0)
                        .put("confirmed", seats.size()).put("available", 150 - seats.size())))
                .put("takenSeats", seats).put("version", version)
                .put("sourceTimestamp", new Date()).put("updatedAt", new Date());
        return new SinkRecord("flight-availability", 0, Schema.INT64_SCHEMA, flightId, FLIGHT, value, offset++);
    }

    private SinkRecord delete(long flightId, long version) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addBytes("flightdeck.version", ByteBuffer.allocate(8).putLong(version).array());
        return new SinkRecord("flight-availability", 0, Schema.INT64_SCHEMA, flightId, null, null, offset++, null, null, headers);
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
        assertThat(redis.hget(prefix + "flight:7", "Y.available")).isEqualTo("145");
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
