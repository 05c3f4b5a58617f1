package dev.flightdeck.connect.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.connect.sink.AvailabilityUpdate;
import dev.flightdeck.connect.sink.FlightAvailabilityStructs;
import dev.flightdeck.connect.sink.FlightRecords;
import dev.flightdeck.connect.sink.PublishedFlight;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

class FlightStoreTest {

    private final PublishedFlight flight = ((AvailabilityUpdate.Upsert) new FlightRecords("version", "flightdeck.version")
            .read(FlightAvailabilityStructs.record(FlightAvailabilityStructs.flight(42, 7, "FRA", "LIS",
                    Instant.parse("2026-12-01T23:30:00Z"), List.of("1A", "2C")), 10))).flight();

    @Test
    void shouldListAFlightUnderTheRouteOfItsUtcDepartureDay() {
        assertThat(FlightStore.route(flight)).isEqualTo("FRA:LIS:2026-12-01");
    }

    @Test
    void shouldWriteCountsPerCabinAndTheFlightsFactsIntoTheHash() {
        List<String> pairs = FlightStore.hashFields(flight);
        Map<String, String> hash = new HashMap<>();
        for (int i = 0; i < pairs.size(); i += 2) {
            hash.put(pairs.get(i), pairs.get(i + 1));
        }
        assertThat(hash).containsEntry("Y.available", "146").containsEntry("Y.capacity", "150").containsEntry("Y.held", "2")
                .containsEntry("baseFare", "129.90").containsEntry("departureTime", "2026-12-01T23:30:00Z")
                .containsEntry("aircraftModel", "A320-200").containsEntry("sourceTimestamp", "2026-11-25T10:00:00Z").containsEntry("flightNumber", "FD42")
                .doesNotContainKeys("version", "routeKey");
    }

    @Test
    void shouldRetryOnlyFailuresThatPass() {
        assertThat(FlightStore.isTransientFailure(new JedisConnectionException("Connection refused"))).isTrue();
        assertThat(FlightStore.isTransientFailure(new IllegalStateException("bug"))).isFalse();
        assertThat(FlightStore.isTransientFailure(new JedisDataException("LOADING Redis is loading the dataset in memory"))).isTrue();
        assertThat(FlightStore.isTransientFailure(new JedisDataException("BUSY Redis is busy running a script"))).isTrue();
        assertThat(FlightStore.isTransientFailure(new JedisDataException("NOSCRIPT No matching script"))).isTrue();
        assertThat(FlightStore.isTransientFailure(new JedisDataException("WRONGTYPE Operation against a key holding the wrong kind of value"))).isFalse();
        assertThat(FlightStore.isTransientFailure(new JedisDataException("OOM command not allowed"))).isFalse();
    }
}
