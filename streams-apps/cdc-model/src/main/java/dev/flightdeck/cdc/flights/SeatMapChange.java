package dev.flightdeck.cdc.flights;

import dev.flightdeck.cdc.Op;
import dev.flightdeck.cdc.SourcePosition;

/** A change of a {@code seat_map} row. */
public record SeatMapChange(Op op, SeatMapRow before, SeatMapRow after, SourcePosition source) implements RowChange<SeatMapRow> {
}
