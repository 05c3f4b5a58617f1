package dev.flightdeck.anomalies;

import dev.flightdeck.cdc.Op;
import dev.flightdeck.cdc.flights.BookingChange;
import dev.flightdeck.cdc.flights.BookingRow;
import dev.flightdeck.cdc.flights.BookingStatus;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The booking activity spikes are counted from: a booking made (a row created held or confirmed)
 * or cancelled (a row that became CANCELLED), keyed by flight and stamped with its source commit
 * time, so that windows downstream count in event time. The snapshot's rows are history, not activity.
 */
final class BookingActivity implements Processor<byte[], BookingChange, Long, BookingActivity.Kind> {

    enum Kind {
        BOOKED, CANCELLED
    }

    private ProcessorContext<Long, Kind> context;

    @Override
    public void init(ProcessorContext<Long, Kind> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], BookingChange> record) {
        BookingChange change = record.value();
        Kind kind = kind(change);
        if (kind != null) {
            context.forward(new Record<>(change.after().flightId(), kind, change.source().commitTime().toEpochMilli()));
        }
    }

    private static Kind kind(BookingChange change) {
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
