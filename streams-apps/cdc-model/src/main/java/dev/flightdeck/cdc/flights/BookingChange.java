package dev.flightdeck.cdc.flights;

import dev.flightdeck.cdc.Op;
import dev.flightdeck.cdc.SourcePosition;

/** A change of a {@code booking} row. */
public record BookingChange(Op op, Booking before, Booking after, SourcePosition source) implements RowChange<Booking> {
}
