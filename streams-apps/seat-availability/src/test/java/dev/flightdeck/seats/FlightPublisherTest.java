package dev.flightdeck.seats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.cdc.SourcePosition;
import dev.flightdeck.cdc.flights.BookingStatus;
import dev.flightdeck.cdc.flights.Cabin;
import dev.flightdeck.cdc.flights.FlightRow;
import dev.flightdeck.cdc.flights.SeatMapRow;
import dev.flightdeck.schemas.FlightAvailability;
import dev.flightdeck.streams.runtime.JsonSerde;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The publish step, fed as the record cache {@code flights-to-publish} feeds it at each commit:
 * one record per changed flight, carrying the version the apply step gave it. Driven by hand on a
 * mock context, so that several changes can fall between two commits (the test driver commits
 * after every record).
 */
class FlightPublisherTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final AircraftSeating A320 = AircraftSeating.none("A320")
            .withSeat(new SeatMapRow("A320", "1A", Cabin.J)).withSeat(new SeatMapRow("A320", "10A", Cabin.Y));

    private final MockProcessorContext<Long, FlightAvailability> context = new MockProcessorContext<>();
    private final RecentFlights.PerTask recentPerTask = new RecentFlights.PerTask(new SeatMapUpdates.Generation());
    private KeyValueStore<Long, FlightState> states;
    private FlightPublisher publisher;
    private RecentFlights recent;
    private FlightState flight42;

    @BeforeEach
    void start() {
        states = store(SeatAvailabilityTopology.FLIGHT_STATE, Serdes.Long(), JsonSerde.of(FlightState.class));
        store(SeatAvailabilityTopology.FLIGHT_PLACES, Serdes.String(), JsonSerde.of(PlaceOnFlight.class));
        TimestampedKeyValueStore<String, AircraftSeating> seating = Stores.timestampedKeyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(SeatAvailabilityTopology.AIRCRAFT_SEATING), Serdes.String(),
                JsonSerde.of(AircraftSeating.class)).withLoggingDisabled().build();
        seating.init(context.getStateStoreContext(), seating);
        context.addStateStore(seating);
        publisher = new FlightPublisher(recentPerTask, Clock.fixed(T0, ZoneOffset.UTC), Duration.ofSeconds(1), new SimpleMeterRegistry());
        publisher.init(context);
        recent = recentPerTask.of(context.taskId());
        flight42 = FlightState.empty()
                .withFlight(new FlightRow(42, "FD42", "FRA", "LIS", T0, T0.plusSeconds(7200), "A320", "SCHEDULED",
                        new BigDecimal("149.00"), "EUR"), new SourcePosition("mysql-bin.000001", 100, 0, T0, false))
                .publishedWith(A320);
    }

    @Test
    void shouldPublishEachCommitsNewestVersionOnce() {
        applied(flight42);
        committed(1L);

        FlightState held = flight42.move(null, new BookingPlace(Cabin.Y, BookingStatus.HELD, null), T0).publishedWith(A320);
        applied(held);
        committed(2L);

        assertThat(forwardedVersions()).containsExactly(1L, 2L);
    }

    @Test
    void shouldPublishOnlyTheNewestOfManyVersionsBetweenTwoCommits() {
        FlightState held = flight42;
        for (int booking = 0; booking < 3; booking++) {
            held = held.move(null, new BookingPlace(Cabin.Y, BookingStatus.HELD, null), T0.plusSeconds(booking)).publishedWith(A320);
            applied(held);
        }

        committed(4L);

        assertThat(forwardedVersions()).containsExactly(4L);
        assertThat(((FlightAvailability) context.forwarded().getFirst().record().value()).getCabins())
                .anySatisfy(cabin -> assertThat(cabin.getHeld()).isEqualTo(3));
    }

    @Test
    void shouldNotPublishAVersionTwiceWhenTheCacheForwardsItAgain() {
        applied(flight42);

        committed(1L);
        committed(1L); // forwarded again, e.g. by a commit on rebalance with nothing new for the flight

        assertThat(forwardedVersions()).containsExactly(1L);
    }

    /** What the apply step does: store the flight and remember it. */
    private void applied(FlightState state) {
        recent.save(42L, new KnownFlight(state, TakenSeats.NONE), states);
    }

    /** The record cache forwarding flight 42 with the version it last got, as it does before a commit. */
    private void committed(long version) {
        publisher.process(new Record<>(42L, version, 5L));
    }

    private List<Long> forwardedVersions() {
        return context.forwarded().stream()
                .map(CapturedForward::record)
                .map(r -> ByteBuffer.wrap(r.headers().lastHeader(FlightPublisher.VERSION_HEADER).value()).getLong())
                .toList();
    }

    private <K, V> KeyValueStore<K, V> store(String name, Serde<K> keys, Serde<V> values) {
        KeyValueStore<K, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values)
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
