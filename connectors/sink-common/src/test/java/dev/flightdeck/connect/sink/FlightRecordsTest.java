package dev.flightdeck.connect.sink;

import static dev.flightdeck.connect.sink.FlightAvailabilityStructs.flight;
import static dev.flightdeck.connect.sink.FlightAvailabilityStructs.record;
import static dev.flightdeck.connect.sink.FlightAvailabilityStructs.tombstone;
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
    void shouldReadEveryFieldOfAFlightWithTheDepartureDayInUtc() {
        AvailabilityUpdate.Upsert upsert = (AvailabilityUpdate.Upsert) records.read(
                record(flight(42, 7, "FRA", "LIS", Instant.parse("2026-12-01T23:30:00Z"), List.of("1A", "2C")), 10));
        PublishedFlight flight = upsert.flight();
        assertThat(upsert.flightId()).isEqualTo(42);
        assertThat(upsert.version()).isEqualTo(7);
        assertThat(flight.departureDay()).hasToString("2026-12-01");
        assertThat(flight.arrivalTime()).isEqualTo(Instant.parse("2026-12-02T02:30:00Z"));
        assertThat(flight.takenSeats()).containsExactly("1A", "2C");
        assertThat(flight.cabins()).containsExactly(new PublishedFlight.Cabin("Y", 150, 2, 2, 146));
        assertThat(flight.baseFare()).isEqualByComparingTo("129.90");
        assertThat(flight.aircraftModel()).isEqualTo("A320-200");
        assertThat(flight.sourceTimestamp()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(flight.availableSeats()).isEqualTo(146);
    }

    @Test
    void shouldReadATombstoneWithItsVersionFromTheHeader() {
        assertThat(records.read(tombstone(42, 9, 11))).isEqualTo(new AvailabilityUpdate.Delete(42, 9));
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
