package dev.flightdeck.cdc.flights;

import dev.flightdeck.cdc.Columns;
import org.apache.avro.generic.GenericRecord;

/** An {@code aircraft_type} row (ICAO type code, e.g. A320). */
public record AircraftType(String code, String manufacturer, String model) {

    static AircraftType from(GenericRecord row) {
        return row == null ? null : new AircraftType(
                Columns.requireString(row, "code"),
                Columns.nullableString(row, "manufacturer"),
                Columns.nullableString(row, "model"));
    }
}
