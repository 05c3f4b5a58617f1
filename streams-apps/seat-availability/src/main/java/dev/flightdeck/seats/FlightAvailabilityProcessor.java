package dev.flightdeck.seats;

import dev.flightdeck.schemas.FlightAvailability;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Stage two, per flight: applies what reaches the flight to its state and publishes the new
 * availability. Applying is idempotent: a booking's place is kept per (flight, booking), so the
 * same place arriving twice changes nothing, and a booking that left cannot leave twice. A
 * flight is published once its row and its aircraft's seat map are both known, whichever comes
 * last; a periodic check republishes flights whose aircraft's seat map changed or came late.
 */
final class FlightAvailabilityProcessor implements Processor<Long, FlightInput, Long, FlightAvailability> {

    /** Header on every output record, tombstones included: the version a sink compares. */
    static final String VERSION_HEADER = "flightdeck.version";
    /** Decoded flight states kept per task: up to some tens of KiB each (the taken seats), so at most some tens of MiB. */
    private static final int RECENT_STATES = 2_000;

    private final Clock clock;
    private final Duration seatingCheck;
    private final Counter published;
    private final Timer freshness;
    private final LivePartitions livePartitions;
    private ProcessorContext<Long, FlightAvailability> context;
    private KeyValueStore<String, BookingPlace> places;
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
    /**
     * The states of recently changed flights, decoded: reading a flight's state from the store on
     * every booking change decoded it each time (a third of this processor's CPU in a profile).
     * Written through with the store; emptied in {@link #init}, which Kafka Streams calls again
     * after an aborted transaction has wiped and restored the stores, so it never holds a state
     * the store does not.
     */
    private final Map<Long, FlightState> recentStates = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, FlightState> eldest) {
            return size() > RECENT_STATES;
        }
    };

    FlightAvailabilityProcessor(Clock clock, Duration seatingCheck, MeterRegistry meters, LivePartitions livePartitions) {
        this.clock = clock;
        this.livePartitions = livePartitions;
        this.seatingCheck = seatingCheck;
        this.published = meters.counter("flightdeck.availability.published");
        this.freshness = Timer.builder("flightdeck.availability.freshness")
                .description("source commit -> flight-availability record produced")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    @Override
    public void init(ProcessorContext<Long, FlightAvailability> context) {
        this.context = context;
        this.places = context.getStateStore(SeatAvailabilityTopology.FLIGHT_PLACES);
        this.states = context.getStateStore(SeatAvailabilityTopology.FLIGHT_STATE);
        this.seating = context.getStateStore(SeatAvailabilityTopology.AIRCRAFT_SEATING);
        recentStates.clear();
        context.schedule(seatingCheck, PunctuationType.WALL_CLOCK_TIME, now -> republishOutdated());
        livePartitions.opened(context.taskId().partition());
    }

    @Override
    public void close() {
        livePartitions.closed(context.taskId().partition());
    }

    @Override
    public void process(Record<Long, FlightInput> record) {
        long flightId = record.key();
        FlightState state = Objects.requireNonNullElseGet(stateOf(flightId), FlightState::empty);
        FlightState next = switch (record.value()) {
            case FlightInput.BookingPlaced placed -> {
                String key = placeKey(flightId, placed.bookingId());
                BookingPlace before = places.get(key);
                if (placed.place().equals(before)) {
                    yield state;
                }
                places.put(key, placed.place());
                yield state.move(before, placed.place(), placed.commitTime());
            }
            case FlightInput.BookingLeft left -> {
                String key = placeKey(flightId, left.bookingId());
                BookingPlace before = places.get(key);
                if (before == null) {
                    yield state;
                }
                places.delete(key);
                yield state.move(before, null, left.commitTime());
            }
            case FlightInput.FlightUpdated updated -> {
                if (!updated.position().isAfter(state.flightPosition())) {
                    yield state; // a duplicate or a stale redelivery of the flight's row
                }
                FlightState moved = state.withFlight(updated.flight(), updated.position());
                if (Objects.equals(updated.flight(), state.flight())) {
                    putState(flightId, moved); // only columns we do not publish changed
                    yield state;
                }
                yield moved;
            }
        };
        if (next != state) {
            save(flightId, next, record.timestamp());
        }
    }

    /** Stores the state, and publishes it when it can: the flight and its seat map are known. */
    private void save(long flightId, FlightState state, long timestamp) {
        if (waiting != null) {
            waiting.remove(flightId);
        }
        if (state.flight() == null) {
            if (state.published()) {
                FlightState withdrawn = state.withdrawn();
                putState(flightId, withdrawn);
                forward(flightId, null, withdrawn.version(), timestamp);
            } else {
                putState(flightId, state);
            }
            return;
        }
        AircraftSeating aircraft = seatingOf(state);
        if (!state.publishable(aircraft)) {
            putState(flightId, state); // published by the seating check once the seat map arrives
            if (waiting != null) {
                waiting.add(flightId);
            }
            return;
        }
        publish(flightId, state.publishedWith(aircraft), timestamp);
    }

    private void publish(long flightId, FlightState state, long timestamp) {
        putState(flightId, state);
        Instant now = clock.instant();
        forward(flightId, FlightAvailabilityView.of(state, now), state.version(), timestamp);
        published.increment();
        freshness.record(Duration.between(state.sourceTimestamp(), now).abs());
    }

    private void forward(long flightId, FlightAvailability value, long version, long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(VERSION_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(version).array());
        context.forward(new Record<>(flightId, value, timestamp, headers));
    }

    /**
     * Publishes flights whose seat map came late, and republishes those whose seat map changed.
     * Every flight is looked at only when a seat map changed (or on the first check after the
     * task starts); otherwise just the flights known to be waiting.
     */
    private void republishOutdated() {
        Map<String, AircraftSeating> current = new HashMap<>();
        try (KeyValueIterator<String, ValueAndTimestamp<AircraftSeating>> all = seating.all()) {
            all.forEachRemaining(entry -> current.put(entry.key, entry.value.value()));
        }
        boolean seatMapsChanged = !current.equals(seatingSeen);
        seatingSeen.clear();
        seatingSeen.putAll(current);
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
                check(flightId, stateOf(flightId), due, stillWaiting);
            }
        }
        waiting = stillWaiting;
        long now = clock.millis();
        due.forEach(entry -> publish(entry.key, entry.value, now));
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

    private FlightState stateOf(long flightId) {
        FlightState state = recentStates.get(flightId);
        if (state == null) {
            state = states.get(flightId);
            if (state != null) {
                recentStates.put(flightId, state);
            }
        }
        return state;
    }

    private void putState(long flightId, FlightState state) {
        states.put(flightId, state);
        recentStates.put(flightId, state);
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

    private static String placeKey(long flightId, long bookingId) {
        return flightId + "/" + bookingId;
    }
}
