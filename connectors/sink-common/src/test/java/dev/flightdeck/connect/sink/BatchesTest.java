package dev.flightdeck.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {

    private static AvailabilityUpdate put(long flight, long version) {
        return new FlightRecords("version", "flightdeck.version").read(FlightAvailabilityStructs.record(
                FlightAvailabilityStructs.flight(flight, version, "FRA", "LIS", Instant.parse("2026-12-01T10:00:00Z"), List.of()), 0));
    }

    private static AvailabilityUpdate delete(long flight, long version) {
        return new AvailabilityUpdate.Delete(flight, version);
    }

    @Test
    void shouldKeepTheLastOperationPerFlightInTheOrderTheyCame() {
        List<AvailabilityUpdate> batch = List.of(put(1, 1), put(2, 1), put(1, 2), put(3, 1), put(2, 2));
        assertThat(Batches.lastPerFlight(batch)).containsExactly(put(1, 2), put(3, 1), put(2, 2));
    }

    @Test
    void shouldLetADeleteAfterAPutWinAndAPutAfterADeleteWin() {
        assertThat(Batches.lastPerFlight(List.of(put(1, 1), delete(1, 2)))).containsExactly(delete(1, 2));
        assertThat(Batches.lastPerFlight(List.of(delete(1, 2), put(1, 3)))).containsExactly(put(1, 3));
    }

    @Test
    void shouldNotReorderDeletesBeforePuts() {
        List<AvailabilityUpdate> batch = List.of(put(1, 1), delete(2, 5), put(3, 1), delete(1, 2));
        assertThat(Batches.lastPerFlight(batch)).containsExactly(delete(2, 5), put(3, 1), delete(1, 2));
    }
}
