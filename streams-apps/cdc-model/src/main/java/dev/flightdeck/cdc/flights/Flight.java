package dev.flightdeck.cdc.flights;

import dev.flightdeck.cdc.Columns;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.avro.generic.GenericRecord;

/** A {@code flight} row. Times are UTC; status stays a string so new statuses flow through. */
public record Flight(long id, String flightNumber, String origin, String destination, Instant departureTime,
                     Instant arrivalTime, String aircraftType, String status, BigDecimal baseFare, String currency) {

    static Flight from(GenericRecord row) {
        return row == null ? null : new Flight(
                Columns.requireLong(row, "id"),
                Columns.requireString(row, "flight_number"),
                Columns.requireString(row, "origin"),
                Columns.requireString(row, "destination"),
                Columns.requireTimestamp(row, "departure_time"),
                Columns.requireTimestamp(row, "arrival_time"),
                Columns.requireString(row, "aircraft_type"),
                Columns.requireString(row, "status"),
                Columns.requireDecimal(row, "base_fare"),
                Columns.requireString(row, "currency"));
    }
}
