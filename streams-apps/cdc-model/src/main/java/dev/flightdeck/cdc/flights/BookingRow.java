package dev.flightdeck.cdc.flights;

import dev.flightdeck.cdc.Columns;
import java.math.BigDecimal;
import org.apache.avro.generic.GenericRecord;

/** A captured {@code booking} row, as decoded from its change event; {@code seatNo} is null while no seat is assigned. */
public record BookingRow(long id, String reference, long flightId, long passengerId, Cabin cabin, String seatNo,
                         BookingStatus status, BigDecimal fare, String currency) {

    static BookingRow from(GenericRecord row) {
        return row == null ? null : new BookingRow(
                Columns.requireLong(row, "id"),
                Columns.requireString(row, "reference"),
                Columns.requireLong(row, "flight_id"),
                Columns.requireLong(row, "passenger_id"),
                Columns.requireEnum(row, "cabin", Cabin.class),
                Columns.nullableString(row, "seat_no"),
                Columns.requireEnum(row, "status", BookingStatus.class),
                Columns.requireDecimal(row, "fare"),
                Columns.requireString(row, "currency"));
    }
}
