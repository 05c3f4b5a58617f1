package dev.flightdeck.seats;

import dev.flightdeck.cdc.SourcePosition;

/**
 * A booking as one flight knows it (store {@code flight-places}, key {@link FlightPlaces#key}):
 * its place, or null once it left the flight (moved away or deleted), and the binlog position of
 * the change that said so. A change at or before that position is a duplicate or a stale
 * redelivery and changes nothing; keeping the entry after the booking left is what lets a late
 * copy of an older change be told apart from a new one.
 */
record PlaceOnFlight(BookingPlace place, SourcePosition position) {

    /** Whether a change at {@code change} is new here: after the last one applied for the booking. */
    boolean olderThan(SourcePosition change) {
        return change.isAfter(position);
    }
}
