package dev.flightdeck.connect.redis;

import java.util.List;
import java.util.Map;

/** What one flight-availability record asks of Redis, guarded by its version. */
sealed interface FlightOperation {

    long flightId();

    long version();

    /**
     * Replace the flight's hash and taken seats, and list it under its route and day.
     *
     * @param fields      the hash's fields besides version and routeKey
     * @param route       "ORIGIN:DESTINATION:yyyy-MM-dd" (UTC departure day)
     * @param departureMillis the flight's score in its route's sorted set
     * @param arrivalMillis   its keys expire a configured time after this
     */
    record Upsert(long flightId, long version, Map<String, String> fields, List<String> takenSeats, String route,
                  long departureMillis, long arrivalMillis) implements FlightOperation {
    }

    /** The flight is gone (a tombstone): remove it, keeping a marker with its version. */
    record Delete(long flightId, long version) implements FlightOperation {
    }
}
