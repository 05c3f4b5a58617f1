package dev.flightdeck.cdc.flights;

import dev.flightdeck.cdc.Op;
import dev.flightdeck.cdc.SourcePosition;

/**
 * A typed change of one row of the flights database: the row before and after (null when it did
 * not exist before / does not exist any more), the operation, and its place in the binlog.
 */
public sealed interface RowChange<R> permits BookingChange, FlightChange, SeatMapChange, AircraftTypeChange, AirportChange {

    Op op();

    R before();

    R after();

    SourcePosition source();

    /** The row now, or null after a delete. */
    default R current() {
        return after();
    }

    /** The row this change is about, existing or deleted: after, else before. */
    default R latest() {
        return after() != null ? after() : before();
    }
}
