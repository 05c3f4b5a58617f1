package dev.flightdeck.connect.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchesTest {

    private static FlightOperation put(long flight, long version) {
        return new FlightOperation.Upsert(flight, version, Map.of(), List.of(), "FRA:LIS:2026-12-01", 0, 0);
    }

    private static FlightOperation delete(long flight, long version) {
        return new FlightOperation.Delete(flight, version);
    }

    @Test
    void shouldKeepTheLastOperationPerFlightInTheOrderTheyCame() {
        List<FlightOperation> batch = List.of(put(1, 1), put(2, 1), put(1, 2), put(3, 1), put(2, 2));
        assertThat(Batches.lastPerFlight(batch)).containsExactly(put(1, 2), put(3, 1), put(2, 2));
    }

    @Test
    void shouldLetADeleteAfterAPutWinAndAPutAfterADeleteWin() {
        assertThat(Batches.lastPerFlight(List.of(put(1, 1), delete(1, 2)))).containsExactly(delete(1, 2));
        assertThat(Batches.lastPerFlight(List.of(delete(1, 2), put(1, 3)))).containsExactly(put(1, 3));
    }

    @Test
    void shouldNotReorderDeletesBeforePuts() {
        List<FlightOperation> batch = List.of(put(1, 1), delete(2, 5), put(3, 1), delete(1, 2));
        assertThat(Batches.lastPerFlight(batch)).containsExactly(delete(2, 5), put(3, 1), delete(1, 2));
    }
}
