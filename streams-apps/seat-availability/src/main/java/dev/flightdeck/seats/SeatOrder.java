package dev.flightdeck.seats;

import java.util.Comparator;

/** Seats in cabin order, row then letter ("2A" before "10A"), as a seat map reads. */
final class SeatOrder implements Comparator<String> {

    static final SeatOrder INSTANCE = new SeatOrder();

    private SeatOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int byRow = Integer.compare(row(a), row(b));
        return byRow != 0 ? byRow : a.compareTo(b);
    }

    private static int row(String seat) {
        int end = 0;
        while (end < seat.length() && Character.isDigit(seat.charAt(end))) {
            end++;
        }
        return end == 0 ? Integer.MAX_VALUE : Integer.parseInt(seat.substring(0, end));
    }
}
