package dev.flightdeck.database;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link SeedData#seedIfEmpty} found or wrote. {@code seeded} is false when the database
 * already had flights and was left alone; the counts then describe what is there.
 *
 * @param seatsPerAircraftType seats per aircraft type code, e.g. {@code A320 -> 174}
 * @param routes               distinct flight numbers
 */
public record SeedSummary(boolean seeded, int airports, int aircraftTypes, Map<String, Integer> seatsPerAircraftType,
                          int routes, int flights, int passengers, int bookings, Duration elapsed) {

    public SeedSummary {
        seatsPerAircraftType = Collections.unmodifiableMap(new TreeMap<>(seatsPerAircraftType));
    }
}
