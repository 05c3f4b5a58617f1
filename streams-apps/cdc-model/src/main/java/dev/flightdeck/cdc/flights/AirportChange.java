package dev.flightdeck.cdc.flights;

import dev.flightdeck.cdc.Op;
import dev.flightdeck.cdc.SourcePosition;

/** A change of an {@code airport} row. */
public record AirportChange(Op op, AirportRow before, AirportRow after, SourcePosition source) implements RowChange<AirportRow> {
}
