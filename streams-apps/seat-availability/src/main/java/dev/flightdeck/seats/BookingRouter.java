package dev.flightdeck.seats;

import dev.flightdeck.cdc.flights.Booking;
import dev.flightdeck.cdc.flights.BookingChange;
import dev.flightdeck.cdc.flights.FlightsChanges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage one, per booking (partitioned like {@code cdc.flights.booking}): turns each booking change
 * into what its flights must know, re-keyed by flight id. A change at or before the binlog
 * position already applied for the booking is a duplicate or a stale redelivery and is dropped;
 * a booking moving to another flight leaves the old one.
 */
final class BookingRouter implements Processor<byte[], byte[], Long, FlightInput> {

    private final FlightsChanges changes;
    private final Counter applied;
    private final Counter duplicates;
    private ProcessorContext<Long, FlightInput> context;
    private KeyValueStore<Long, BookingRoute> routes;

    BookingRouter(FlightsChanges changes, MeterRegistry meters) {
        this.changes = changes;
        this.applied = meters.counter("flightdeck.cdc.changes", "table", "booking", "outcome", "applied");
        this.duplicates = meters.counter("flightdeck.cdc.changes", "table", "booking", "outcome", "duplicate");
    }

    @Override
    public void init(ProcessorContext<Long, FlightInput> context) {
        this.context = context;
        this.routes = context.getStateStore(SeatAvailabilityTopology.BOOKING_ROUTES);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null) {
            return; // the tombstone after a delete: the delete event itself carried the change
        }
        BookingChange change = changes.booking(record.value());
        long bookingId = change.latest().id();
        BookingRoute route = routes.get(bookingId);
        if (route != null && !change.source().isAfter(route.position())) {
            duplicates.increment();
            return;
        }
        Instant committed = change.source().commitTime();
        Booking now = change.current();
        Long previousFlight = route != null ? route.flightId()
                : change.before() != null ? Long.valueOf(change.before().flightId()) : null;
        if (previousFlight != null && (now == null || now.flightId() != previousFlight)) {
            context.forward(record.withKey(previousFlight).withValue(new FlightInput.BookingLeft(bookingId, committed)));
        }
        if (now != null) {
            context.forward(record.withKey(now.flightId())
                    .withValue(new FlightInput.BookingPlaced(bookingId, BookingPlace.of(now), committed)));
        }
        routes.put(bookingId, new BookingRoute(now == null ? null : now.flightId(), change.source()));
        applied.increment();
    }
}
