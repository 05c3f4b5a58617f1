package dev.flightdeck.seats;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Stage two, per flight: applies what reaches the flight to its state and, when the flight can
 * be published, gives it a new version and passes its id on to {@link FlightPublisher} (through
 * a record cache, so that a flight is published once per commit). Applying is idempotent: a
 * booking's place is kept per (flight, booking) with the binlog position of its last change, so
 * a change at or before it (delivered twice, or late) changes nothing. A flight is published
 * once its row and its aircraft's seat map are both known, whichever comes last (the publish
 * step's periodic seating check publishes those whose seat map came late or changed). It keeps
 * the key, so the table after it needs no repartition topic.
 */
final class FlightAvailabilityProcessor implements FixedKeyProcessor<Long, FlightInput, Long> {

    private final LivePartitions livePartitions;
    private final RecentFlights.PerTask recentPerTask;
    private final Counter duplicates;
    private FixedKeyProcessorContext<Long, Long> context;
    private KeyValueStore<String, PlaceOnFlight> places;
    private KeyValueStore<Long, FlightState> states;
    private KeyValueStore<String, ValueAndTimestamp<AircraftSeating>> seating;
    /** Shared with the publish step of the same task. */
    private RecentFlights recent;

    FlightAvailabilityProcessor(LivePartitions livePartitions, RecentFlights.PerTask recentPerTask, MeterRegistry meters) {
        this.livePartitions = livePartitions;
        this.recentPerTask = recentPerTask;
        this.duplicates = meters.counter("flightdeck.cdc.changes", "table", "booking", "outcome", "duplicate");
    }

    @Override
    public void init(FixedKeyProcessorContext<Long, Long> context) {
        this.context = context;
        this.places = context.getStateStore(SeatAvailabilityTopology.FLIGHT_PLACES);
        this.states = context.getStateStore(SeatAvailabilityTopology.FLIGHT_STATE);
        this.seating = context.getStateStore(SeatAvailabilityTopology.AIRCRAFT_SEATING);
        recent = recentPerTask.of(context.taskId());
        recent.clear();
        livePartitions.opened(context.taskId().partition());
    }

    @Override
    public void close() {
        livePartitions.closed(context.taskId().partition());
        recentPerTask.closed(context.taskId());
    }

    @Override
    public void process(FixedKeyRecord<Long, FlightInput> record) {
        long flightId = record.key();
        KnownFlight known = knownFlight(flightId);
        FlightState state = known.state();
        TakenSeats seats = known.takenSeats();
        FlightState next = switch (record.value()) {
            case FlightInput.BookingPlaced placed -> {
                String key = FlightPlaces.key(flightId, placed.bookingId());
                PlaceOnFlight applied = places.get(key);
                if (applied != null && !applied.olderThan(placed.position())) {
                    duplicates.increment();
                    yield state;
                }
                BookingPlace before = applied == null ? null : applied.place();
                places.put(key, new PlaceOnFlight(placed.place(), placed.position()));
                if (placed.place().equals(before)) {
                    yield state; // a column that does not count here changed
                }
                seats = seats.moved(before, placed.place());
                yield state.move(before, placed.place(), placed.commitTime());
            }
            case FlightInput.BookingLeft left -> {
                String key = FlightPlaces.key(flightId, left.bookingId());
                PlaceOnFlight applied = places.get(key);
                if (applied != null && !applied.olderThan(left.position())) {
                    duplicates.increment();
                    yield state;
                }
                places.put(key, new PlaceOnFlight(null, left.position())); // kept: a late copy of an older change stays old
                BookingPlace before = applied == null ? null : applied.place();
                if (before == null) {
                    yield state;
                }
                seats = seats.moved(before, null);
                yield state.move(before, null, left.commitTime());
            }
            case FlightInput.FlightUpdated updated -> {
                if (!updated.position().isAfter(state.flightPosition())) {
                    yield state; // a duplicate or a stale redelivery of the flight's row
                }
                FlightState moved = state.withFlight(updated.flight(), updated.position());
                if (Objects.equals(updated.flight(), state.flight())) {
                    putState(flightId, new KnownFlight(moved, seats)); // only columns we do not publish changed
                    yield state;
                }
                yield moved;
            }
        };
        if (next != state) {
            save(record, new KnownFlight(next, seats));
        }
    }

    /** Stores the state, and has it published when it can be: the flight and its seat map are known. */
    private void save(FixedKeyRecord<Long, FlightInput> record, KnownFlight known) {
        long flightId = record.key();
        FlightState state = known.state();
        if (state.flight() == null) {
            recent.seating().waiting(flightId, false);
            if (state.published()) {
                FlightState withdrawn = state.withdrawn();
                putState(flightId, new KnownFlight(withdrawn, known.takenSeats()));
                publishLater(record, withdrawn.version()); // as a tombstone
            } else {
                putState(flightId, known);
            }
            return;
        }
        AircraftSeating aircraft = recent.seating().of(state, seating);
        boolean publishable = state.publishable(aircraft);
        recent.seating().waiting(flightId, !publishable);
        if (!publishable) {
            putState(flightId, known); // published by the seating check once the seat map arrives
            return;
        }
        FlightState next = state.publishedWith(aircraft);
        putState(flightId, new KnownFlight(next, known.takenSeats()));
        publishLater(record, next.version());
    }

    /** To the publish step, through the record cache that holds it until the commit. */
    private void publishLater(FixedKeyRecord<Long, FlightInput> record, long version) {
        context.forward(record.withValue(version));
    }

    private KnownFlight knownFlight(long flightId) {
        return recent.get(flightId, states, places);
    }

    private void putState(long flightId, KnownFlight known) {
        recent.save(flightId, known, states);
    }
}
