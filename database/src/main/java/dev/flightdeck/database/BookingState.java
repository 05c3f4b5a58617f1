package dev.flightdeck.database;

/** The status the seed and the simulator give a booking, written to {@code booking.status}. */
enum BookingState {
    /** Seat held while the customer pays; {@code hold_expires_at} is set. */
    HELD,
    CONFIRMED,
    /** Kept for the record; the seat is free again. */
    CANCELLED
}
