package dev.flightdeck.connect.sink;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * One version of a flight's availability as seat-availability published it on the
 * {@code flight-availability} topic (schemas/flight-availability.avsc), decoded from the Connect
 * struct into what the sinks write.
 *
 * @param aircraftModel null when aircraft_type does not know it
 * @param updatedAt     null when an older producer did not set it
 */
public record PublishedFlight(long flightId, long version, String flightNumber, String origin, String destination,
                              Instant departureTime, Instant arrivalTime, String aircraftType, String aircraftModel,
                              String status, BigDecimal baseFare, String currency, List<Cabin> cabins,
                              List<String> takenSeats, Instant sourceTimestamp, Instant updatedAt) {

    public record Cabin(String cabin, int capacity, int held, int confirmed, int available) {
    }

    /** The UTC day of departure: flights are searched by route and day. */
    public LocalDate departureDay() {
        return LocalDate.ofInstant(departureTime, ZoneOffset.UTC);
    }

    /** Seats left over all cabins (negative when the flight is overbooked). */
    public int availableSeats() {
        return cabins.stream().mapToInt(Cabin::available).sum();
    }
}
