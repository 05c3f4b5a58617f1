package dev.flightdeck.cdc.flights;

import dev.flightdeck.cdc.Op;
import dev.flightdeck.cdc.SourcePosition;

/** A change of an {@code aircraft_type} row. */
public record AircraftTypeChange(Op op, AircraftType before, AircraftType after, SourcePosition source) implements RowChange<AircraftType> {
}
