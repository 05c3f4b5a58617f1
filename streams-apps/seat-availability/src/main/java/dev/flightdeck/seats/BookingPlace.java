package dev.flightdeck.seats;

import dev.flightdeck.cdc.flights.BookingRow;
import dev.flightdeck.cdc.flights.BookingStatus;
import dev.flightdeck.cdc.flights.Cabin;

/**
 * What one booking takes on its flight: a place in its cabin while HELD or CONFIRMED (with or
 * without a seat), and its seat if it has one. A CANCELLED booking takes nothing.
 */
record BookingPlace(Cabin cabin, BookingStatus status, String seatNo) {

    static BookingPlace of(BookingRow booking) {
        return new BookingPlace(booking.cabin(), booking.status(), booking.seatNo());
    }

    boolean occupies() {
        return status.occupiesAPlace();
    }

    /** The seat this booking keeps from others, or null. */
    String takenSeat() {
        return occupies() ? seatNo : null;
    }
}
