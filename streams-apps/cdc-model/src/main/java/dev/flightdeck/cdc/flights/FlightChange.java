package dev.flightdeck.cdc.flights;

import dev.flightdeck.cdc.Op;
import dev.flightdeck.cdc.SourcePosition;

/** A change of a {@code flight} row. */
public record FlightChange(Op op, FlightRow before, FlightRow after, SourcePosition source) implements RowChange<FlightRow> {
}
