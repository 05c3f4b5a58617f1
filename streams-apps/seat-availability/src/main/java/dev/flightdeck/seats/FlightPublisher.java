package dev.flightdeck.seats;

import dev.flightdeck.schemas.FlightAvailability;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Stage two's last step: publishes a flight's availability as it is now, once per new version at
 * most, however many bookings changed it since the last publication. Two paths lead here:
 * <ul>
 * <li>a punctuation every commit interval publishes the flights changed since the last one: it
 *     runs just before the stream thread commits, so their records are on their way when the
 *     commit flushes the producer;</li>
 * <li>the changed flights also pass through a record cache (the table {@code flights-to-publish})
 *     that Kafka Streams empties before every commit: this is what guarantees that no change is
 *     committed unpublished, as a commit can come without a punctuation before it (a rebalance,
 *     a shutdown). Flushing only there cost one producer round trip per task at each commit
 *     (each task flushes the thread's producer after its cache): about 100 ms more from commit
 *     to read model at 500 changes/s.</li>
 * </ul>
 * Whichever path comes second finds the version already published and skips it. A flight whose
 * row was deleted is published as a tombstone. The periodic seating check runs here too, as it
 * gives flights new versions outside any input record: publishing them in the same punctuation
 * keeps them from being committed unpublished.
 */
final class FlightPublisher implements Processor<Long, Long, Long, FlightAvailability> {

    /** Header on every output record, tombstones included: the version a sink compares. */
    static final String VERSION_HEADER = "flightdeck.version";

    private final RecentFlights.PerTask recentPerTask;
    private final Clock clock;
    private final Duration interval;
    private final Duration seatingCheck;
    private final Counter published;
    private final Timer freshness;
    private ProcessorContext<Long, FlightAvailability> context;
    private KeyValueStore<String, PlaceOnFlight> places;
    private KeyValueStore<Long, FlightState> states;
    private KeyValueStore<String, ValueAndTimestamp<AircraftSeating>> seating;
    private RecentFlights recent;

    FlightPublisher(RecentFlights.PerTask recentPerTask, Clock clock, Duration interval, Duration seatingCheck,
                    MeterRegistry meters) {
        this.recentPerTask = recentPerTask;
        this.clock = clock;
        this.interval = interval;
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
        this.recent = recentPerTask.of(context.taskId());
        recent.clear();
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, now -> {
            for (Map.Entry<Long, Long> changed : recent.takeChanged()) {
                publish(changed.getKey(), changed.getValue());
            }
        });
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
