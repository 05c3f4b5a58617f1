package dev.flightdeck.seats;

import dev.flightdeck.cdc.SourcePosition;

/**
 * Where a booking was last placed (null flight: deleted) and the binlog position of that change:
 * the state that lets the router tell a new change from a duplicate or a stale redelivery, and
 * send "left" to the flight a booking moves away from.
 */
record BookingRoute(Long flightId, SourcePosition position) {
}
