package dev.flightdeck.cdc.flights;

import dev.flightdeck.cdc.Columns;
import org.apache.avro.generic.GenericRecord;

/** A captured {@code airport} row, as decoded from its change event (IATA code, e.g. FRA; ISO country, e.g. DE). */
public record AirportRow(String code, String name, String city, String country, String timeZone) {

    static AirportRow from(GenericRecord row) {
        return row == null ? null : new AirportRow(
                Columns.requireString(row, "code"),
                Columns.nullableString(row, "name"),
                Columns.nullableString(row, "city"),
                Columns.nullableString(row, "country"),
                Columns.nullableString(row, "time_zone"));
    }
}
