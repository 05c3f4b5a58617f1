package dev.flightdeck.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightdeck.cdc.flights.BookingChange;
import dev.flightdeck.cdc.flights.BookingRow;
import dev.flightdeck.cdc.flights.BookingStatus;
import dev.flightdeck.cdc.flights.Cabin;
import dev.flightdeck.cdc.flights.FlightChange;
import dev.flightdeck.cdc.flights.FlightRow;
import dev.flightdeck.cdc.flights.FlightsChanges;
import dev.flightdeck.cdc.flights.SeatMapChange;
import dev.flightdeck.cdc.testing.CdcRecords;
import dev.flightdeck.cdc.testing.CdcRecords.At;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class FlightsChangesTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00.123Z");
    private final CdcRecords cdc = new CdcRecords();
    private final FlightsChanges changes = new FlightsChanges(cdc.decoder());

    @Test
    void shouldDecodeABookingInsertWithItsSourcePosition() {
        GenericRecord row = cdc.booking(7, 42, "J", "3A", "HELD");
        BookingChange change = changes.booking(cdc.change("booking", Op.CREATE, null, row, At.binlog(1234, T0)));

        assertThat(change.op()).isEqualTo(Op.CREATE);
        assertThat(change.before()).isNull();
        assertThat(change.after()).isEqualTo(new BookingRow(7, "R00007", 42, 1007, Cabin.J, "3A", BookingStatus.HELD,
                new BigDecimal("199.00"), "EUR"));
        assertThat(change.source()).isEqualTo(new SourcePosition("binlog.000001", 1234, 0, T0, false));
    }

    @Test
    void shouldDecodeAnUpdateWithBothRowsAndADeleteWithOnlyTheOldOne() {
        GenericRecord held = cdc.booking(7, 42, "Y", null, "HELD");
        GenericRecord confirmed = CdcRecords.with(held, Map.of("status", "CONFIRMED", "seat_no", "31C"));

        BookingChange update = changes.booking(cdc.change("booking", Op.UPDATE, held, confirmed, At.binlog(2000, T0)));
        BookingChange delete = changes.booking(cdc.change("booking", Op.DELETE, confirmed, null, At.binlog(3000, T0)));

        assertThat(update.before().status()).isEqualTo(BookingStatus.HELD);
        assertThat(update.before().seatNo()).isNull();
        assertThat(update.after().status()).isEqualTo(BookingStatus.CONFIRMED);
        assertThat(update.after().seatNo()).isEqualTo("31C");
        assertThat(delete.op()).isEqualTo(Op.DELETE);
        assertThat(delete.current()).isNull();
        assertThat(delete.latest().seatNo()).isEqualTo("31C");
    }

    @Test
    void shouldMarkSnapshotReads() {
        GenericRecord flight = cdc.flight(42, "FD123", "FRA", "LIS", T0.plusSeconds(86400), "A320");
        FlightChange change = changes.flight(cdc.change("flight", Op.READ, null, flight, At.snapshot(T0)));
        assertThat(change.op()).isEqualTo(Op.READ);
        assertThat(change.source().snapshot()).isTrue();
        assertThat(change.after()).isEqualTo(new FlightRow(42, "FD123", "FRA", "LIS", T0.plusSeconds(86400),
                T0.plusSeconds(86400 + 7200), "A320", "SCHEDULED", new BigDecimal("149.00"), "EUR"));
    }

    @Test
    void shouldIgnoreAColumnAddedByDdl() {
        Schema evolved = cdc.rowSchemaWithColumnAdded("booking", "loyalty_tier");
        GenericRecord row = cdc.row(evolved, Map.of("id", 9L, "reference", "ABC123", "flight_id", 42L,
                "passenger_id", 5L, "cabin", "Y", "status", "CONFIRMED", "fare", new BigDecimal("10.00"),
                "currency", "EUR", "loyalty_tier", "gold"));
        BookingChange change = changes.booking(cdc.change("booking", Op.CREATE, null, row, At.binlog(10, T0)));
        assertThat(change.after().id()).isEqualTo(9);
        assertThat(change.after().status()).isEqualTo(BookingStatus.CONFIRMED);
    }

    @Test
    void shouldIgnoreADroppedColumnNobodyReads() {
        Schema evolved = cdc.rowSchemaWithColumnDropped("booking", "hold_expires_at");
        GenericRecord row = cdc.row(evolved, Map.of("id", 9L, "reference", "ABC123", "flight_id", 42L,
                "passenger_id", 5L, "cabin", "F", "status", "HELD", "fare", new BigDecimal("10.00"), "currency", "EUR"));
        assertThat(changes.booking(cdc.change("booking", Op.CREATE, null, row, At.binlog(10, T0))).after().cabin())
                .isEqualTo(Cabin.F);
    }

    @Test
    void shouldNameTheColumnAndTableWhenANeededColumnIsGone() {
        Schema evolved = cdc.rowSchemaWithColumnDropped("booking", "flight_id");
        GenericRecord row = cdc.row(evolved, Map.of("id", 9L, "cabin", "Y", "status", "HELD", "fare", new BigDecimal("1.00")));
        byte[] bytes = cdc.change("booking", Op.CREATE, null, row, At.binlog(10, T0));
        assertThatThrownBy(() -> changes.booking(bytes))
                .isInstanceOf(MalformedChangeException.class)
                .hasMessage("column flight_id of cdc.flights.booking.Value is missing: the schema has no such column "
                        + "(renamed or dropped by DDL?); it is needed here");
    }

    @Test
    void shouldNotReadARenamedNullableColumnAsNull() {
        // ALTER TABLE booking RENAME COLUMN seat_no TO seat: reading seat_no as NULL would free every seat.
        Schema evolved = cdc.rowSchemaWithColumnDropped("booking", "seat_no");
        GenericRecord row = cdc.row(evolved, Map.of("id", 9L, "reference", "ABC123", "flight_id", 42L,
                "passenger_id", 5L, "cabin", "F", "status", "HELD", "fare", new BigDecimal("10.00"), "currency", "EUR"));
        byte[] bytes = cdc.change("booking", Op.CREATE, null, row, At.binlog(10, T0));
        assertThatThrownBy(() -> changes.booking(bytes))
                .isInstanceOf(MalformedChangeException.class)
                .hasMessageStartingWith("column seat_no of cdc.flights.booking.Value is missing");
    }

    @Test
    void shouldNameAnEnumValueItDoesNotKnow() {
        GenericRecord row = cdc.booking(7, 42, "W", null, "HELD");
        assertThatThrownBy(() -> changes.booking(cdc.change("booking", Op.CREATE, null, row, At.binlog(1, T0))))
                .isInstanceOf(MalformedChangeException.class)
                .hasMessage("column cabin of cdc.flights.booking.Value has value 'W', which Cabin does not know");
    }

    @Test
    void shouldRefuseToReadAChangeOfAnotherTable() {
        byte[] seat = cdc.change("seat_map", Op.CREATE, null, cdc.seat("A320", "1A", "J"), At.binlog(1, T0));
        assertThatThrownBy(() -> changes.booking(seat)).hasMessageStartingWith("expected a change of table booking but got one of seat_map");
        SeatMapChange decoded = changes.seatMap(seat);
        assertThat(decoded.after().cabin()).isEqualTo(Cabin.J);
    }

    @Test
    void shouldOrderChangesByBinlogFilePositionAndRow() {
        SourcePosition early = new SourcePosition("binlog.000001", 900, 0, T0, false);
        SourcePosition sameEventNextRow = new SourcePosition("binlog.000001", 900, 1, T0, false);
        SourcePosition nextFile = new SourcePosition("binlog.000002", 4, 0, T0, false);
        assertThat(sameEventNextRow.isAfter(early)).isTrue();
        assertThat(nextFile.isAfter(sameEventNextRow)).isTrue();
        assertThat(early.isAfter(early)).as("a redelivery is not after itself").isFalse();
        assertThat(early.isAfter(null)).isTrue();
    }
}
