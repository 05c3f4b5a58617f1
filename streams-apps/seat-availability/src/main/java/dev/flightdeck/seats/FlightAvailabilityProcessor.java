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
import java.util.List;
import java.util.Objects;
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

    private final Clock clock;
    private final Duration seatingCheck;
    private final Counter published;
    private final Timer freshness;
    private final LivePartitions livePartitions;
    private ProcessorContext<Long, FlightAvailability> context;
    private KeyValueStore<String, BookingPlace> places;
    private KeyValueStore<Long, FlightState> states;
    private KeyValueStore<String, ValueAndTimestamp<AircraftSeating>> seating;

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
        FlightState state = Objects.requireNonNullElseGet(states.get(flightId), FlightState::empty);
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
                    states.put(flightId, moved); // only columns we do not publish changed
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
        if (state.flight() == null) {
            if (state.published()) {
                FlightState withdrawn = state.withdrawn();
                states.put(flightId, withdrawn);
                forward(flightId, null, withdrawn.version(), timestamp);
            } else {
                states.put(flightId, state);
            }
            return;
        }
        AircraftSeating aircraft = seatingOf(state);
        if (!state.publishable(aircraft)) {
            states.put(flightId, state); // published by the seating check once the seat map arrives
            return;
        }
        publish(flightId, state.publishedWith(aircraft), timestamp);
    }

    private void publish(long flightId, FlightState state, long timestamp) {
        states.put(flightId, state);
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

    /** Flights waiting for their seat map, or published with a seat map that has changed since. */
    private void republishOutdated() {
        List<KeyValue<Long, FlightState>> due = new ArrayList<>();
        try (KeyValueIterator<Long, FlightState> all = states.all()) {
            all.forEachRemaining(entry -> {
                FlightState state = entry.value;
                AircraftSeating aircraft = seatingOf(state);
                if (state.flight() != null && (!state.published() && state.publishable(aircraft) || state.outdatedBy(aircraft))) {
                    due.add(KeyValue.pair(entry.key, state.publishedWith(aircraft)));
                }
            });
        }
        long now = clock.millis();
        due.forEach(entry -> publish(entry.key, entry.value, now));
    }

    private AircraftSeating seatingOf(FlightState state) {
        if (state.flight() == null) {
            return null;
        }
        ValueAndTimestamp<AircraftSeating> value = seating.get(state.flight().aircraftType());
        return value == null ? null : value.value();
    }

    private static String placeKey(long flightId, long bookingId) {
        return flightId + "/" + bookingId;
    }
}
