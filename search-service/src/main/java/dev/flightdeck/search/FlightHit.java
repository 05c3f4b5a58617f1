package dev.flightdeck.search;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A flight as the search index holds it (the Elasticsearch sink's document, seat list left out). */
@JsonIgnoreProperties(ignoreUnknown = true)
record FlightHit(long flightId, long version, String flightNumber, String origin, String destination, Instant departureTime,
                 Instant arrivalTime, String aircraftType, String aircraftModel, String status, BigDecimal baseFare, String currency,
                 int availableSeats, List<Cabin> cabins, Instant sourceTimestamp) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Cabin(String cabin, int capacity, int held, int confirmed, int available) {
    }
}
