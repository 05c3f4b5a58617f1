package dev.flightdeck.database;

/** {@code booking.status}. */
enum BookingStatus {
    /** Seat held while the customer pays; {@code hold_expires_at} is set. */
    HELD,
    CONFIRMED,
    /** Kept for the record; the seat is free again. */
    CANCELLED
}
