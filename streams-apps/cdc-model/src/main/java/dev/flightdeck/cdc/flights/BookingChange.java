package dev.flightdeck.cdc.flights;

import dev.flightdeck.cdc.Op;
import dev.flightdeck.cdc.SourcePosition;

/** A change of a {@code booking} row. */
public record BookingChange(Op op, BookingRow before, BookingRow after, SourcePosition source) implements RowChange<BookingRow> {
}
