package dev.flightdeck.anomalies;

import dev.flightdeck.cdc.Op;
import dev.flightdeck.cdc.flights.BookingChange;
import dev.flightdeck.cdc.flights.BookingStatus;
import dev.flightdeck.cdc.flights.FlightsChanges;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * New bookings (a row created held or confirmed; not the snapshot's rows), keyed by flight and
 * stamped with their source commit time, so that windows downstream count in event time.
 */
final class NewBookings implements Processor<byte[], byte[], Long, Long> {

    private final FlightsChanges changes;
    private ProcessorContext<Long, Long> context;

    NewBookings(FlightsChanges changes) {
        this.changes = changes;
    }

    @Override
    public void init(ProcessorContext<Long, Long> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        BookingChange change = changes.booking(record.value());
        if (change.op() != Op.CREATE || change.after() == null) {
            return;
        }
        BookingStatus status = change.after().status();
        if (status == BookingStatus.HELD || status == BookingStatus.CONFIRMED) {
            long committed = change.source().commitTime().toEpochMilli();
            context.forward(new Record<>(change.after().flightId(), change.after().id(), committed));
        }
    }
}
