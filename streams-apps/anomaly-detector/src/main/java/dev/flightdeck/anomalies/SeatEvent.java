package dev.flightdeck.anomalies;

import java.time.Instant;

/**
 * A booking taking or leaving a seat of a flight, inside a {@link FlightEvent} to the flight's
 * partition.
 *
 * @param commitTime the source commit time of the booking change
 */
record SeatEvent(boolean taken, long bookingId, String seat, Instant commitTime) {
}
