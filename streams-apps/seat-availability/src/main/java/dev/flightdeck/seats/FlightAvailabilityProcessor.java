package dev.flightdeck.seats;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Stage two, per flight: applies what reaches the flight to its state and, when the flight can
 * be published, gives it a new version and passes its id on to {@link FlightPublisher} (through
 * a record cache, so that a flight is published once per commit). Applying is idempotent: a
 * booking's place is kept per (flight, booking) with the binlog position of its last change, so
 * a change at or before it (delivered twice, or late) changes nothing. A flight is published once its row and its aircraft's seat map are both known, whichever comes
 * last; a periodic check republishes flights whose aircraft's seat map changed or came late.
 */
final class FlightAvailabilityProcessor implements Processor<Long, FlightInput, Long, Long> {

    private final Duration seatingCheck;
    private final SeatMapUpdates.Generation seatMaps;
    /** The seat-map updates {@link #seatingSeen} reflects; -1 until the first check has read them. */
    private long seatMapsSeen = -1;
    private final LivePartitions livePartitions;
    private final RecentFlights.PerTask recentPerTask;
    private final Counter duplicates;
    private ProcessorContext<Long, Long> context;
    private KeyValueStore<String, PlaceOnFlight> places;
    private KeyValueStore<Long, FlightState> states;
    private KeyValueStore<String, ValueAndTimestamp<AircraftSeating>> seating;
    /**
     * The global seating store as of the last check, decoded once: reading it per change would
     * decode a whole seat map each time. Types missing here are read from the store directly;
     * a changed seat map reaches every flight at the next check, which republishes them.
     */
    private final Map<String, AircraftSeating> seatingSeen = new HashMap<>();
    /** Flights with a row but no seat map yet; null until the first check has looked at every flight. */
    private Set<Long> waiting;
    /** Shared with the publish step of the same task. */
    private RecentFlights recent;

    FlightAvailabilityProcessor(Duration seatingCheck, SeatMapUpdates.Generation seatMaps, LivePartitions livePartitions,
                                RecentFlights.PerTask recentPerTask, MeterRegistry meters) {
        this.seatMaps = seatMaps;
        this.duplicates = meters.counter("flightdeck.cdc.changes", "table", "booking", "outcome", "duplicate");
        this.seatingCheck = seatingCheck;
        this.livePartitions = livePartitions;
        this.recentPerTask = recentPerTask;
    }

    @Override
    public void init(ProcessorContext<Long, Long> context) {
        this.context = context;
        this.places = context.getStateStore(SeatAvailabilityTopology.FLIGHT_PLACES);
        this.states = context.getStateStore(SeatAvailabilityTopology.FLIGHT_STATE);
        this.seating = context.getStateStore(SeatAvailabilityTopology.AIRCRAFT_SEATING);
        recent = recentPerTask.of(context.taskId());
        recent.clear();
        seatMapsSeen = -1;
        context.schedule(seatingCheck, PunctuationType.WALL_CLOCK_TIME, now -> republishOutdated());
        livePartitions.opened(context.taskId().partition());
    }

    @Override
    public void close() {
        livePartitions.closed(context.taskId().partition());
        recentPerTask.closed(context.taskId());
    }

    @Override
    public void process(Record<Long, FlightInput> record) {
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
            save(flightId, new KnownFlight(next, seats), record.timestamp());
        }
    }

    /** Stores the state, and publishes it when it can: the flight and its seat map are known. */
    private void save(long flightId, KnownFlight known, long timestamp) {
        if (waiting != null) {
            waiting.remove(flightId);
        }
        FlightState state = known.state();
        if (state.flight() == null) {
            if (state.published()) {
                FlightState withdrawn = state.withdrawn();
                putState(flightId, new KnownFlight(withdrawn, known.takenSeats()));
                publishLater(flightId, withdrawn.version(), timestamp); // as a tombstone
            } else {
                putState(flightId, known);
            }
            return;
        }
        AircraftSeating aircraft = seatingOf(state);
        if (!state.publishable(aircraft)) {
            putState(flightId, known); // published by the seating check once the seat map arrives
            if (waiting != null) {
                waiting.add(flightId);
            }
            return;
        }
        publish(flightId, new KnownFlight(state.publishedWith(aircraft), known.takenSeats()), timestamp);
    }

    private void publish(long flightId, KnownFlight known, long timestamp) {
        putState(flightId, known);
        publishLater(flightId, known.state().version(), timestamp);
    }

    /** To the publish step, through the record cache that holds it until the commit. */
    private void publishLater(long flightId, long version, long timestamp) {
        recent.changed(flightId, timestamp);
        context.forward(new Record<>(flightId, version, timestamp));
    }

    /**
     * Publishes flights whose seat map came late, and republishes those whose seat map changed.
     * Every flight is looked at only when a seat map changed (or on the first check after the
     * task starts); otherwise just the flights known to be waiting.
     */
    private void republishOutdated() {
        boolean seatMapsChanged = false;
        long updates = seatMaps.current();
        if (updates != seatMapsSeen) {
            Map<String, AircraftSeating> current = new HashMap<>();
            try (KeyValueIterator<String, ValueAndTimestamp<AircraftSeating>> all = seating.all()) {
                all.forEachRemaining(entry -> current.put(entry.key, entry.value.value()));
            }
            seatMapsChanged = !current.equals(seatingSeen);
            seatingSeen.clear();
            seatingSeen.putAll(current);
            seatMapsSeen = updates;
        }
        if (!seatMapsChanged && waiting != null && waiting.isEmpty()) {
            return;
        }
        List<KeyValue<Long, FlightState>> due = new ArrayList<>();
        Set<Long> stillWaiting = new HashSet<>();
        if (seatMapsChanged || waiting == null) {
            try (KeyValueIterator<Long, FlightState> all = states.all()) {
                all.forEachRemaining(entry -> check(entry.key, entry.value, due, stillWaiting));
            }
        } else {
            for (long flightId : waiting) {
                check(flightId, knownFlight(flightId).state(), due, stillWaiting);
            }
        }
        waiting = stillWaiting;
        long now = context.currentSystemTimeMs();
        due.forEach(entry -> publish(entry.key, new KnownFlight(entry.value, knownFlight(entry.key).takenSeats()), now));
    }

    private void check(long flightId, FlightState state, List<KeyValue<Long, FlightState>> due, Set<Long> stillWaiting) {
        if (state == null || state.flight() == null) {
            return;
        }
        AircraftSeating aircraft = seatingOf(state);
        if (!state.published() && state.publishable(aircraft) || state.outdatedBy(aircraft)) {
            due.add(KeyValue.pair(flightId, state.publishedWith(aircraft)));
        } else if (!state.published()) {
            stillWaiting.add(flightId);
        }
    }

    private KnownFlight knownFlight(long flightId) {
        return recent.get(flightId, states, places);
    }

    private void putState(long flightId, KnownFlight known) {
        states.put(flightId, known.state());
        recent.put(flightId, known);
    }

    private AircraftSeating seatingOf(FlightState state) {
        if (state.flight() == null) {
            return null;
        }
        String type = state.flight().aircraftType();
        AircraftSeating known = seatingSeen.get(type);
        if (known == null) {
            ValueAndTimestamp<AircraftSeating> stored = seating.get(type);
            known = stored == null ? null : stored.value();
            if (known != null) {
                seatingSeen.put(type, known);
            }
        }
        return known;
    }
}
