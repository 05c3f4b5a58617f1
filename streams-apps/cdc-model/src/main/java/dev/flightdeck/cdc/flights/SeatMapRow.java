package dev.flightdeck.cdc.flights;

import dev.flightdeck.cdc.Columns;
import org.apache.avro.generic.GenericRecord;

/** A captured {@code seat_map} row, as decoded from its change event: one seat of an aircraft type, in one cabin. */
public record SeatMapRow(String aircraftType, String seatNo, Cabin cabin) {

    static SeatMapRow from(GenericRecord row) {
        return row == null ? null : new SeatMapRow(
                Columns.requireString(row, "aircraft_type"),
                Columns.requireString(row, "seat_no"),
                Columns.requireEnum(row, "cabin", Cabin.class));
    }
}
