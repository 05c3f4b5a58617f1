package dev.flightdeck.seats;

import dev.flightdeck.cdc.SourcePosition;
import dev.flightdeck.cdc.flights.BookingChange;
import dev.flightdeck.cdc.flights.BookingRow;
import dev.flightdeck.cdc.flights.FlightsChanges;
import dev.flightdeck.streams.runtime.FreshnessTimers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Stage one, per booking: turns each booking change into what its flights must know, re-keyed by
 * flight id, with the change's binlog position. It keeps no state: the row's before image says
 * which flight a booking leaves when it moves or is deleted (Debezium captures full before
 * images), and the flights themselves drop a change at or before the position they already
 * applied for the booking (a duplicate or a stale redelivery), see {@link PlaceOnFlight}.
 */
final class BookingRouter implements Processor<byte[], byte[], Long, FlightInput> {

    private final FlightsChanges changes;
    private final Counter routed;
    private final Timer commitToKafka;
    private ProcessorContext<Long, FlightInput> context;

    BookingRouter(FlightsChanges changes, MeterRegistry meters) {
        this.changes = changes;
        this.routed = meters.counter("flightdeck.cdc.changes", "table", "booking", "outcome", "routed");
        this.commitToKafka = FreshnessTimers.register(meters, "flightdeck.cdc.commit.to.kafka",
                "MySQL commit -> the change appended to its CDC topic (the record's timestamp, set when Connect produced it)",
                "table", "booking");
    }

    @Override
    public void init(ProcessorContext<Long, FlightInput> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null) {
            return; // the tombstone after a delete: the delete event itself carried the change
        }
        BookingChange change = changes.booking(record.value());
        long bookingId = change.latest().id();
        SourcePosition position = change.source();
        BookingRow before = change.before();
        BookingRow now = change.current();
        if (before != null && (now == null || now.flightId() != before.flightId())) {
            context.forward(FlightInput.toFlight(record, before.flightId(), new FlightInput.BookingLeft(bookingId, position)));
        }
        if (now != null) {
            context.forward(FlightInput.toFlight(record, now.flightId(),
                    new FlightInput.BookingPlaced(bookingId, BookingPlace.of(now), position)));
        }
        routed.increment();
        if (!position.snapshot() && position.commitTime() != null) {
            // A snapshot read's time is the snapshot's, not a commit's: it says nothing of capture latency.
            commitToKafka.record(Duration.ofMillis(Math.max(0, record.timestamp() - position.commitTime().toEpochMilli())));
        }
    }
}
