package dev.flightdeck.database;

import java.math.BigDecimal;
import java.time.LocalDateTime;

/** One departure of a route: a future {@code flight} row. Times are UTC. */
record ScheduledFlight(Route route, LocalDateTime departureUtc, LocalDateTime arrivalUtc, BigDecimal baseFare) {

    String flightNumber() {
        return route.flightNumber();
    }
}
