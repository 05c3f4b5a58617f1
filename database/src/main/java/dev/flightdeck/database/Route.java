package dev.flightdeck.database;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Set;

/**
 * A flight number the airline operates: one direction between two airports, the aircraft
 * type, departure in the origin's local time, and the weekdays it flies.
 */
record Route(String flightNumber, Airport origin, Airport destination, FleetType aircraft, double distanceKm,
             Duration blockTime, LocalTime localDeparture, Set<DayOfWeek> operatingDays) {

    Route {
        operatingDays = Set.copyOf(operatingDays);
    }
}
