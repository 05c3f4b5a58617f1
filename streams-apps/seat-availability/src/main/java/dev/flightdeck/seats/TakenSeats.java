package dev.flightdeck.seats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The taken seats of one flight, in seat-map order: a multiset, since a seat two active bookings
 * claim stays taken until both release it (the anomaly app reports such a seat). Immutable.
 *
 * <p>Kept as one sorted array (a seat claimed twice appears twice) because every booking change
 * of a flight copies it, and copying one array is far cheaper than rebuilding a sorted map.
 */
final class TakenSeats {

    static final TakenSeats NONE = new TakenSeats(new String[0]);

    private final String[] seats;

    private TakenSeats(String[] sortedSeats) {
        this.seats = sortedSeats;
    }

    static TakenSeats of(List<String> seats) {
        String[] sorted = seats.toArray(new String[0]);
        Arrays.sort(sorted, SeatOrder.INSTANCE);
        return new TakenSeats(sorted);
    }

    /** A booking's place changes from {@code from} to {@code to} (either may be null): its claim moves with it. */
    TakenSeats moved(BookingPlace from, BookingPlace to) {
        TakenSeats next = this;
        if (from != null && from.takenSeat() != null) {
            next = next.without(from.takenSeat());
        }
        if (to != null && to.takenSeat() != null) {
            next = next.with(to.takenSeat());
        }
        return next;
    }

    /** One more claim on {@code seat}. */
    TakenSeats with(String seat) {
        int at = insertionPoint(seat);
        String[] next = new String[seats.length + 1];
        System.arraycopy(seats, 0, next, 0, at);
        next[at] = seat;
        System.arraycopy(seats, at, next, at + 1, seats.length - at);
        return new TakenSeats(next);
    }

    /** One claim on {@code seat} fewer; unchanged if nobody claimed it. */
    TakenSeats without(String seat) {
        int at = Arrays.binarySearch(seats, seat, SeatOrder.INSTANCE);
        if (at < 0) {
            return this;
        }
        String[] next = new String[seats.length - 1];
        System.arraycopy(seats, 0, next, 0, at);
        System.arraycopy(seats, at + 1, next, at, seats.length - at - 1);
        return new TakenSeats(next);
    }

    boolean contains(String seat) {
        return Arrays.binarySearch(seats, seat, SeatOrder.INSTANCE) >= 0;
    }

    /** Each taken seat once, in seat-map order. */
    List<String> distinct() {
        List<String> distinct = new ArrayList<>(seats.length);
        for (String seat : seats) {
            if (distinct.isEmpty() || !distinct.getLast().equals(seat)) {
                distinct.add(seat);
            }
        }
        return distinct;
    }

    /** After the claims on an equal seat: a new claim goes last among its equals. */
    private int insertionPoint(String seat) {
        int low = 0;
        int high = seats.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (SeatOrder.INSTANCE.compare(seats[middle], seat) <= 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TakenSeats taken && Arrays.equals(seats, taken.seats);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(seats);
    }

    @Override
    public String toString() {
        return Arrays.toString(seats);
    }
}
