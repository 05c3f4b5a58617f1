package dev.flightdeck.anomalies;

import dev.flightdeck.anomalies.BookingActivity.Kind;

/**
 * What one booking change means to one flight, as {@link FlightEventRouter} sends it to the
 * flight's partition: a booking made or cancelled there, a seat taken or left there, or both.
 *
 * @param activity the booking was made or cancelled on this flight; null: neither
 * @param seat     a seat of this flight taken or left; null: none
 */
record FlightEvent(Kind activity, SeatEvent seat) {

    FlightEvent {
        if (activity == null && seat == null) {
            throw new IllegalArgumentException("a flight event carries an activity, a seat event or both");
        }
    }
}
