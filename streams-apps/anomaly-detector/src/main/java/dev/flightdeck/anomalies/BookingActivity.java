package dev.flightdeck.anomalies;

import dev.flightdeck.cdc.Op;
import dev.flightdeck.cdc.flights.BookingChange;
import dev.flightdeck.cdc.flights.BookingRow;
import dev.flightdeck.cdc.flights.BookingStatus;

/**
 * The booking activity spikes are counted from: a booking made (a row created held or confirmed)
 * or cancelled (a row that became CANCELLED). {@link FlightEventRouter} sends it to the flight's
 * partition, stamped with its source commit time. The snapshot's rows are history, not activity.
 */
final class BookingActivity {

    enum Kind {
        BOOKED, CANCELLED
    }

    private BookingActivity() {
    }

    /** What the change is as activity; null when it is none (a delete, an update that did not cancel, a snapshot row). */
    static Kind kind(BookingChange change) {
        BookingRow after = change.after();
        if (after == null) {
            return null; // a delete: an expired hold, not a customer's act
        }
        if (change.op() == Op.CREATE && (after.status() == BookingStatus.HELD || after.status() == BookingStatus.CONFIRMED)) {
            return Kind.BOOKED;
        }
        if (change.op() == Op.UPDATE && after.status() == BookingStatus.CANCELLED
                && change.before() != null && change.before().status() != BookingStatus.CANCELLED) {
            return Kind.CANCELLED;
        }
        return null;
    }
}
