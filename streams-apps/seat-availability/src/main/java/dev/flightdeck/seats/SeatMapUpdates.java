package dev.flightdeck.seats;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Keeps the global store {@code aircraft-seating} from its topic, and counts the updates, so that
 * the flights' periodic seat-map check reads and compares the whole store only after something
 * changed, instead of decoding every seat map every second. A store restored at start is read in
 * full by each task's first check anyway.
 */
final class SeatMapUpdates implements Processor<String, AircraftSeating, Void, Void> {

    /** Updates to the global store since this instance started; read by the stream threads. */
    static final class Generation {
        private final AtomicLong updates = new AtomicLong();

        long current() {
            return updates.get();
        }
    }

    private final Generation generation;
    private TimestampedKeyValueStore<String, AircraftSeating> store;

    SeatMapUpdates(Generation generation) {
        this.generation = generation;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(SeatAvailabilityTopology.AIRCRAFT_SEATING);
    }

    @Override
    public void process(Record<String, AircraftSeating> record) {
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), ValueAndTimestamp.make(record.value(), record.timestamp()));
        }
        generation.updates.incrementAndGet();
    }
}
