package dev.flightdeck.seats;

import java.util.Comparator;

/** Seats in cabin order, row then letter ("2A" before "10A"), as a seat map reads. */
final class SeatOrder implements Comparator<String> {

    static final SeatOrder INSTANCE = new SeatOrder();

    private SeatOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int byRow = Long.compare(row(a), row(b));
        return byRow != 0 ? byRow : a.compareTo(b);
    }

    /** The leading row number; no parsing into a new String: this runs for every seat of every update. */
    private static long row(String seat) {
        long row = 0;
        int digits = 0;
        while (digits < seat.length() && digits < 18 && seat.charAt(digits) >= '0' && seat.charAt(digits) <= '9') {
            row = row * 10 + (seat.charAt(digits) - '0');
            digits++;
        }
        return digits == 0 ? Long.MAX_VALUE : row;
    }
}
