package dev.flightdeck.cdc.flights;

import dev.flightdeck.cdc.Op;
import dev.flightdeck.cdc.SourcePosition;

/** A change of an {@code aircraft_type} row. */
public record AircraftTypeChange(Op op, AircraftTypeRow before, AircraftTypeRow after, SourcePosition source) implements RowChange<AircraftTypeRow> {
}
