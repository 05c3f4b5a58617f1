package dev.flightdeck.seats;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The store {@code flight-places}: each booking's place on each flight ({@link PlaceOnFlight}), keyed
 * {@code <flight id>/<booking id>} so that a flight's bookings are one prefix scan. It is the
 * truth a flight's taken seats are derived from; the flight's own state keeps only counts, so
 * that a booking change rewrites a few hundred bytes, not the whole seat list.
 */
final class FlightPlaces {

    private static final StringSerializer KEYS = new StringSerializer();

    private FlightPlaces() {
    }

    static String key(long flightId, long bookingId) {
        return prefix(flightId) + bookingId;
    }

    /** The seats the flight's bookings take now. */
    static TakenSeats takenSeats(ReadOnlyKeyValueStore<String, PlaceOnFlight> places, long flightId) {
        List<String> seats = new ArrayList<>();
        try (KeyValueIterator<String, PlaceOnFlight> bookings = places.prefixScan(prefix(flightId), KEYS)) {
            bookings.forEachRemaining(booking -> {
                String seat = booking.value.place() == null ? null : booking.value.place().takenSeat();
                if (seat != null) {
                    seats.add(seat);
                }
            });
        }
        return TakenSeats.of(seats);
    }

    /** The key prefix of a flight's bookings; the slash keeps flight 12 from matching flight 123's. */
    private static String prefix(long flightId) {
        return flightId + "/";
    }
}
