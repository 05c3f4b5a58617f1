package dev.flightdeck.cdc.flights;

import dev.flightdeck.cdc.Columns;
import org.apache.avro.generic.GenericRecord;

/** A captured {@code aircraft_type} row, as decoded from its change event (ICAO type code, e.g. A320). */
public record AircraftTypeRow(String code, String manufacturer, String model) {

    static AircraftTypeRow from(GenericRecord row) {
        return row == null ? null : new AircraftTypeRow(
                Columns.requireString(row, "code"),
                Columns.nullableString(row, "manufacturer"),
                Columns.nullableString(row, "model"));
    }
}
