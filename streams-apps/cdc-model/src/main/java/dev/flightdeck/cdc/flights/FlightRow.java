package dev.flightdeck.cdc.flights;

import dev.flightdeck.cdc.Columns;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.avro.generic.GenericRecord;

/** A captured {@code flight} row, as decoded from its change event. Times are UTC; status stays a string so new statuses flow through. */
public record FlightRow(long id, String flightNumber, String origin, String destination, Instant departureTime,
                        Instant arrivalTime, String aircraftType, String status, BigDecimal baseFare, String currency) {

    static FlightRow from(GenericRecord row) {
        return row == null ? null : new FlightRow(
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
