package dev.flightdeck.seats;

import dev.flightdeck.schemas.FlightAvailability;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage two's last step: publishes a flight's availability as it is now. It is fed the flights
 * the apply step changed through a record cache (the table {@code flights-to-publish}), which
 * Kafka Streams empties just before each commit, and whenever it runs full: a flight changed by
 * many bookings within one commit is published once, with its newest version, in the same
 * transaction as the changes. A flight whose row was deleted is published as a tombstone.
 */
final class FlightPublisher implements Processor<Long, Long, Long, FlightAvailability> {

    /** Header on every output record, tombstones included: the version a sink compares. */
    static final String VERSION_HEADER = "flightdeck.version";

    private final RecentFlights.PerTask recentPerTask;
    private final Clock clock;
    private final Counter published;
    private final Timer freshness;
    private ProcessorContext<Long, FlightAvailability> context;
    private KeyValueStore<String, PlaceOnFlight> places;
    private KeyValueStore<Long, FlightState> states;
    private RecentFlights recent;

    FlightPublisher(RecentFlights.PerTask recentPerTask, Clock clock, MeterRegistry meters) {
        this.recentPerTask = recentPerTask;
        this.clock = clock;
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
        this.recent = recentPerTask.of(context.taskId());
        recent.clear();
    }

    @Override
    public void close() {
        recentPerTask.closed(context.taskId());
    }

    @Override
    public void process(Record<Long, Long> changed) {
        long flightId = changed.key();
        KnownFlight known = recent.get(flightId, states, places);
        FlightState state = known.state();
        RecordHeaders headers = new RecordHeaders();
        headers.add(VERSION_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(state.version()).array());
        if (!state.published()) {
            context.forward(new Record<>(flightId, null, changed.timestamp(), headers)); // withdrawn
            return;
        }
        Instant now = clock.instant();
        context.forward(new Record<>(flightId, FlightAvailabilityView.of(known, now), changed.timestamp(), headers));
        published.increment();
        freshness.record(Duration.between(state.sourceTimestamp(), now).abs());
    }
}
