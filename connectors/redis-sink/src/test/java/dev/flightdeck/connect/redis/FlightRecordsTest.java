package dev.flightdeck.connect.redis;

import static dev.flightdeck.connect.redis.FlightAvailabilityStructs.flight;
import static dev.flightdeck.connect.redis.FlightAvailabilityStructs.record;
import static dev.flightdeck.connect.redis.FlightAvailabilityStructs.tombstone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class FlightRecordsTest {

    private final FlightRecords records = new FlightRecords("version", "flightdeck.version");

    @Test
    void shouldReadAFlightIntoItsHashSeatsAndRouteOfTheDepartureDayInUtc() {
        FlightOperation.Upsert upsert = (FlightOperation.Upsert) records.read(
                record(flight(42, 7, "FRA", "LIS", Instant.parse("2026-12-01T23:30:00Z"), List.of("1A", "2C")), 10));
        assertThat(upsert.flightId()).isEqualTo(42);
        assertThat(upsert.version()).isEqualTo(7);
        assertThat(upsert.route()).isEqualTo("FRA:LIS:2026-12-01");
        assertThat(upsert.takenSeats()).containsExactly("1A", "2C");
        assertThat(upsert.fields()).containsEntry("Y.available", "146").containsEntry("Y.capacity", "150")
                .containsEntry("baseFare", "129.90").containsEntry("departureTime", "2026-12-01T23:30:00Z")
                .containsEntry("aircraftModel", "A320-200");
    }

    @Test
    void shouldReadATombstoneWithItsVersionFromTheHeader() {
        assertThat(records.read(tombstone(42, 9, 11))).isEqualTo(new FlightOperation.Delete(42, 9));
    }

    @Test
    void shouldRefuseATombstoneWithoutAVersionAndAValueThatIsNotAStruct() {
        assertThatThrownBy(() -> records.read(new SinkRecord("flight-availability", 0, Schema.INT64_SCHEMA, 42L, null, null, 11)))
                .isInstanceOf(DataException.class).hasMessageContaining("no flightdeck.version header");
        assertThatThrownBy(() -> records.read(new SinkRecord("flight-availability", 0, null, "x", null, "{}", 12)))
                .isInstanceOf(DataException.class).hasMessageContaining("key 'x' is not a flight id");
        assertThatThrownBy(() -> records.read(new SinkRecord("flight-availability", 0, null, 5L, null, "{}", 12)))
                .isInstanceOf(DataException.class).hasMessageContaining("not a struct");
    }
}
