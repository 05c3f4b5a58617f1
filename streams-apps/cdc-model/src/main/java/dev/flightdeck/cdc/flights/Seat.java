package dev.flightdeck.cdc.flights;

import dev.flightdeck.cdc.Columns;
import org.apache.avro.generic.GenericRecord;

/** A {@code seat_map} row: one seat of an aircraft type, in one cabin. */
public record Seat(String aircraftType, String seatNo, Cabin cabin) {

    static Seat from(GenericRecord row) {
        return row == null ? null : new Seat(
                Columns.requireString(row, "aircraft_type"),
                Columns.requireString(row, "seat_no"),
                Columns.requireEnum(row, "cabin", Cabin.class));
    }
}
