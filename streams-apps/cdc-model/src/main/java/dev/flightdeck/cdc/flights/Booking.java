package dev.flightdeck.cdc.flights;

import dev.flightdeck.cdc.Columns;
import java.math.BigDecimal;
import org.apache.avro.generic.GenericRecord;

/** A {@code booking} row; {@code seatNo} is null while no seat is assigned. */
public record Booking(long id, String reference, long flightId, long passengerId, Cabin cabin, String seatNo,
                      BookingStatus status, BigDecimal fare, String currency) {

    static Booking from(GenericRecord row) {
        return row == null ? null : new Booking(
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
