package dev.flightdeck.seats;

import dev.flightdeck.cdc.flights.FlightChange;
import dev.flightdeck.cdc.flights.FlightsChanges;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Flight rows, re-keyed by flight id so they meet the flight's bookings in stage two. */
final class FlightRouter implements Processor<byte[], byte[], Long, FlightInput> {

    private final FlightsChanges changes;
    private ProcessorContext<Long, FlightInput> context;

    FlightRouter(FlightsChanges changes) {
        this.changes = changes;
    }

    @Override
    public void init(ProcessorContext<Long, FlightInput> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        FlightChange change = changes.flight(record.value());
        context.forward(FlightInput.toFlight(record, change.latest().id(), new FlightInput.FlightUpdated(change.current(), change.source())));
    }
}
