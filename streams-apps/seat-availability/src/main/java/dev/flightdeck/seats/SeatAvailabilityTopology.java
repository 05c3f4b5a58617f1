package dev.flightdeck.seats;

import dev.flightdeck.cdc.flights.AircraftTypeRow;
import dev.flightdeck.cdc.flights.FlightsChanges;
import dev.flightdeck.cdc.flights.SeatMapRow;
import dev.flightdeck.schemas.FlightAvailability;
import dev.flightdeck.streams.runtime.JsonSerde;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The seat-availability topology:
 * <pre>
 * cdc.flights.booking ─ route bookings (left the before image's flight, placed) ───┐
 * cdc.flights.flight  ─ route flights ───────────────────────────────────────────┤ repartition by flight id
 *                                                                                 ▼
 *              apply to flights (per flight) ─► flights-to-publish (cache, until commit) ─► publish ─► flight-availability
 *                                          ▲ reads
 * cdc.flights.seat_map ─ seats ─ group by aircraft type ─┐
 * cdc.flights.aircraft_type ─ types ─────────────────────┴ join ─► aircraft-seating topic ─► global store
 * </pre>
 * Records that cannot be decoded or lack a needed column fail in the route steps and go to the
 * dead-letter topic (errors.dead.letter.queue.topic.name) with the reason in headers.
 */
public final class SeatAvailabilityTopology {

    public static final String FLIGHT_PLACES = "flight-places";
    public static final String FLIGHT_STATE = "flight-state";
    /** The record cache between applying and publishing: holds each changed flight until the commit. */
    static final String FLIGHTS_TO_PUBLISH = "flights-to-publish";
    public static final String AIRCRAFT_SEATING = "aircraft-seating";
    /** The repartition topic (by flight id) that stage two reads: {@code <application.id>-flight-inputs-repartition}. */
    static final String FLIGHT_INPUTS = "flight-inputs";

    /** The topics the topology reads and writes. */
    public record Topics(String bookings, String flights, String seatMap, String aircraftTypes,
                         String flightAvailability, String aircraftSeating) {
    }

    /** What the topology needs from outside: how to read CDC records and write the published ones. */
    public record Wiring(FlightsChanges changes, Serde<Long> outputKeySerde, Serde<FlightAvailability> outputValueSerde,
                        Clock clock, Duration seatingCheck, MeterRegistry meters,
                        LivePartitions livePartitions) {
    }

    private SeatAvailabilityTopology() {
    }

    public static Topology build(Topics topics, Wiring wiring) {
        StreamsBuilder builder = new StreamsBuilder();
        Consumed<byte[], byte[]> raw = Consumed.with(Serdes.ByteArray(), Serdes.ByteArray());
        FlightsChanges changes = wiring.changes();

        // Stage one: CDC rows to what each flight must know, keyed by flight id.
        KStream<Long, FlightInput> bookingInputs = builder.stream(topics.bookings(), raw.withName("booking-changes"))
                .process(() -> new BookingRouter(changes, wiring.meters()), Named.as("route-bookings"));
        KStream<Long, FlightInput> flightInputs = builder.stream(topics.flights(), raw.withName("flight-changes"))
                .process(() -> new FlightRouter(changes), Named.as("route-flights"));

        // The aircraft side: seats per type and the type's name, shared with every task as a global store.
        KTable<String, SeatMapRow> seats = builder.stream(topics.seatMap(), raw.withName("seat-map-changes"))
                .process(() -> new AircraftRouter.Seats(changes), Named.as("key-seats"))
                .toTable(Named.as("seats"), Materialized.<String, SeatMapRow, KeyValueStore<Bytes, byte[]>>as("seats")
                        .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(SeatMapRow.class)));
        KTable<String, AircraftTypeRow> types = builder.stream(topics.aircraftTypes(), raw.withName("aircraft-type-changes"))
                .process(() -> new AircraftRouter.Types(changes), Named.as("key-aircraft-types"))
                .toTable(Named.as("aircraft-types"), Materialized.<String, AircraftTypeRow, KeyValueStore<Bytes, byte[]>>as("aircraft-types")
                        .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(AircraftTypeRow.class)));
        seats.groupBy((key, seat) -> KeyValue.pair(seat.aircraftType(), seat),
                        Grouped.with("seats-by-aircraft-type", Serdes.String(), JsonSerde.of(SeatMapRow.class)))
                .aggregate(() -> AircraftSeating.none(null),
                        (type, seat, seating) -> seating.withSeat(seat),
                        (type, seat, seating) -> seating.withoutSeat(seat),
                        Named.as("seating-by-type"),
                        Materialized.<String, AircraftSeating, KeyValueStore<Bytes, byte[]>>as("seating-by-type")
                                .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(AircraftSeating.class)))
                .leftJoin(types, AircraftSeating::withType, Named.as("name-aircraft"),
                        Materialized.<String, AircraftSeating, KeyValueStore<Bytes, byte[]>>as("named-seating")
                                .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(AircraftSeating.class)))
                .toStream(Named.as("seating-changes"))
                .to(topics.aircraftSeating(), Produced.with(Serdes.String(), JsonSerde.of(AircraftSeating.class))
                        .withName("publish-seating"));
        SeatMapUpdates.Generation seatMaps = new SeatMapUpdates.Generation();
        builder.addGlobalStore(Stores.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(AIRCRAFT_SEATING),
                                Serdes.String(), JsonSerde.of(AircraftSeating.class)).withLoggingDisabled(),
                topics.aircraftSeating(),
                Consumed.with(Serdes.String(), JsonSerde.of(AircraftSeating.class)).withName("aircraft-seating"),
                () -> new SeatMapUpdates(seatMaps));

        // Stage two: per flight, apply and publish.
        // No record cache for the places: each booking's entry is written about once per commit anyway, and
        // cached entries stay after the commit, so a cache would fill with bookings and then evict the flight
        // states' unflushed entries mid-commit (each a changelog write the cache exists to save).
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FLIGHT_PLACES),
                Serdes.String(), JsonSerde.of(PlaceOnFlight.class)).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FLIGHT_STATE),
                Serdes.Long(), JsonSerde.of(FlightState.class)).withCachingEnabled());
        RecentFlights.PerTask recent = new RecentFlights.PerTask(seatMaps);
        bookingInputs.merge(flightInputs, Named.as("merge-flight-inputs"))
                .repartition(Repartitioned.<Long, FlightInput>as(FLIGHT_INPUTS)
                        .withKeySerde(Serdes.Long()).withValueSerde(JsonSerde.of(FlightInput.class)))
                .processValues(() -> new FlightAvailabilityProcessor(wiring.livePartitions(), recent, wiring.meters()),
                        Named.as("apply-to-flights"), FLIGHT_PLACES, FLIGHT_STATE)
                // A table with a record cache: Kafka Streams forwards its newest entry per flight just before each
                // commit, so each changed flight is published once per commit and none is committed unpublished
                // (see FlightPublisher). It holds nothing the changelogged stores do not: no changelog of its own.
                .toTable(Named.as(FLIGHTS_TO_PUBLISH), Materialized.<Long, Long>as(Stores.inMemoryKeyValueStore(FLIGHTS_TO_PUBLISH))
                        .withKeySerde(Serdes.Long()).withValueSerde(Serdes.Long()).withCachingEnabled().withLoggingDisabled())
                .toStream(Named.as("flights-changed"))
                .process(() -> new FlightPublisher(recent, wiring.clock(), wiring.seatingCheck(), wiring.meters()),
                        Named.as("publish-flights"), FLIGHT_PLACES, FLIGHT_STATE)
                .to(topics.flightAvailability(), Produced.with(wiring.outputKeySerde(), wiring.outputValueSerde())
                        .withName("publish-availability"));
        return builder.build();
    }
}
