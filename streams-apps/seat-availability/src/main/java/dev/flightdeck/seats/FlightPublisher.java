package dev.flightdeck.seats;

import dev.flightdeck.schemas.FlightAvailability;
import dev.flightdeck.streams.runtime.FreshnessTimers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Stage two's last step: publishes a flight's availability as it is now, once per commit at most,
 * however many bookings changed it since the last commit. The apply step passes each changed
 * flight through a record cache (the table {@code flights-to-publish}) that Kafka Streams empties
 * just before every commit, whatever triggers the commit (the interval, a rebalance, a shutdown):
 * so a flight is published with its newest version in the same transaction as the state that
 * version belongs to, and never committed unpublished; publishing at any other moment could
 * publish a flight twice in one transaction. A flight whose row was deleted is published as a
 * tombstone. The periodic seating check runs here too, as it gives
 * flights new versions outside any input record: it publishes them at once, and the record cache
 * then finds that version published.
 */
final class FlightPublisher implements Processor<Long, Long, Long, FlightAvailability> {

    /** Header on every output record, tombstones included: the version a sink compares. */
    static final String VERSION_HEADER = "flightdeck.version";

    private final RecentFlights.PerTask recentPerTask;
    private final Clock clock;
    private final Duration seatingCheck;
    private final Counter published;
    private final Timer freshness;
    private ProcessorContext<Long, FlightAvailability> context;
    private KeyValueStore<String, PlaceOnFlight> places;
    private KeyValueStore<Long, FlightState> states;
    private KeyValueStore<String, ValueAndTimestamp<AircraftSeating>> seating;
    private RecentFlights recent;

    FlightPublisher(RecentFlights.PerTask recentPerTask, Clock clock, Duration seatingCheck, MeterRegistry meters) {
        this.recentPerTask = recentPerTask;
        this.clock = clock;
        this.seatingCheck = seatingCheck;
        this.published = meters.counter("flightdeck.availability.published");
        this.freshness = FreshnessTimers.register(meters, "flightdeck.availability.freshness",
                "MySQL commit -> flight-availability record produced");
    }

    @Override
    public void init(ProcessorContext<Long, FlightAvailability> context) {
        this.context = context;
        this.places = context.getStateStore(SeatAvailabilityTopology.FLIGHT_PLACES);
        this.states = context.getStateStore(SeatAvailabilityTopology.FLIGHT_STATE);
        this.seating = context.getStateStore(SeatAvailabilityTopology.AIRCRAFT_SEATING);
        this.recent = recentPerTask.of(context.taskId());
        recent.clear();
        context.schedule(seatingCheck, PunctuationType.WALL_CLOCK_TIME, now -> {
            for (KeyValue<Long, FlightState> due : recent.seating().due(seating, states)) {
                recent.save(due.key, new KnownFlight(due.value, recent.get(due.key, states, places).takenSeats()), states);
                publish(due.key, now);
            }
        });
    }

    @Override
    public void close() {
        recentPerTask.closed(context.taskId());
    }

    @Override
    public void process(Record<Long, Long> changed) {
        publish(changed.key(), changed.timestamp());
    }

    private void publish(long flightId, long timestamp) {
        KnownFlight known = recent.get(flightId, states, places);
        FlightState state = known.state();
        if (recent.alreadyPublished(flightId, state.version())) {
            return;
        }
        recent.published(flightId, state.version());
        RecordHeaders headers = new RecordHeaders();
        headers.add(VERSION_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(state.version()).array());
        if (!state.published()) {
            context.forward(new Record<>(flightId, null, timestamp, headers)); // withdrawn
            return;
        }
        Instant now = clock.instant();
        context.forward(new Record<>(flightId, FlightAvailabilityView.of(known, now), timestamp, headers));
        published.increment();
        freshness.record(Duration.between(state.sourceTimestamp(), now).abs());
    }
}
