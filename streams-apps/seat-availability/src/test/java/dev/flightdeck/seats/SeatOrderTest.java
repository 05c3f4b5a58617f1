package dev.flightdeck.seats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeatOrderTest {

    @Test
    void shouldOrderByRowNumberThenLetterAsASeatMapReads() {
        List<String> seats = new ArrayList<>(List.of("10A", "2C", "1A", "10B", "2A", "33F", "9F", "100A"));
        seats.sort(SeatOrder.INSTANCE);
        assertThat(seats).containsExactly("1A", "2A", "2C", "9F", "10A", "10B", "33F", "100A");
    }

    @Test
    void shouldPutSeatsWithoutARowNumberLastAndKeepTheOrderTotal() {
        List<String> seats = new ArrayList<>(List.of("B", "12A", "A", "012A"));
        seats.sort(SeatOrder.INSTANCE);
        // "012A" and "12A" are row 12 both; the plain text order tells them apart, so none is lost in a TreeMap.
        assertThat(seats).containsExactly("012A", "12A", "A", "B");
    }
}
