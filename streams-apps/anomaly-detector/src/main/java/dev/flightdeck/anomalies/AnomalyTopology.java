package dev.flightdeck.anomalies;

import dev.flightdeck.anomalies.BookingActivity.Kind;
import dev.flightdeck.cdc.ConfluentAvroDecoder;
import dev.flightdeck.cdc.flights.BookingChange;
import dev.flightdeck.cdc.flights.FlightChange;
import dev.flightdeck.cdc.flights.FlightRow;
import dev.flightdeck.cdc.flights.FlightsChanges;
import dev.flightdeck.schemas.Anomaly;
import dev.flightdeck.schemas.FlightAvailability;
import dev.flightdeck.streams.runtime.JsonSerde;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The anomaly-detector topology, one branch per detector, all into the anomalies topic:
 * <pre>
 * flight-availability ─ overbooking (per flight) ─────────────────────────────────────────────────┐
 * cdc.flights.booking ┬ per booking ─ by flight ┬ seats ─ double-booked seats ────────────────────┤
 *                     │                         └ activity ┬ per window ─ flight spikes ──────────┤
 *                     │                                    └ join route ─ by route ┬ spikes ──────┤
 *                     │                                                            └ bursts ──────┤
 *                     └ freshness sample ┐                                                        │
 * cdc.flights.flight  ┬ freshness sample ┴ by table ─ freshness ──────────────────────────────────┼─► anomalies
 *                     ├ route per flight (table joined above)                                     │
 *                     └ fare anomalies (per flight) ──────────────────────────────────────────────┤
 * cdc (DDL events)    ─ schema drift ─────────────────────────────────────────────────────────────┤
 * *-dlq (pattern)     ─ read reasons ─ by dead-letter topic ─ dead letters per window ────────────┘
 * </pre>
 * Each CDC record is decoded once, where it enters. Each detector keeps in its store whether an
 * anomaly is open or its window judged, so it alerts once per episode or window. Repartition
 * topics and stores hold the detectors' records as versioned JSON ({@link JsonSerde}). The
 * dead-letter topics are read by pattern, so one that does not exist yet (no record was ever set
 * aside there) is picked up once it is created, instead of stopping the app as a missing topic would.
 */
public final class AnomalyTopology {

    /** The topics the topology reads and writes. */
    public record Topics(String bookings, String flights, String schemaChanges, String flightAvailability, String anomalies,
                         List<String> deadLetters) {
        public Topics {
            deadLetters = List.copyOf(deadLetters);
        }
    }

    /** What the topology needs from outside: decoders, serdes, the clock, the limits, the meters. */
    public record Wiring(FlightsChanges changes, ConfluentAvroDecoder decoder, Serde<Long> availabilityKeySerde,
                         Serde<FlightAvailability> availabilitySerde, Serde<Anomaly> anomalySerde, Clock clock,
                         Thresholds thresholds, MeterRegistry meters) {
    }

    private AnomalyTopology() {
    }

    public static Topology build(Topics topics, Wiring wiring) {
        StreamsBuilder builder = new StreamsBuilder();
        Alerts alerts = new Alerts(wiring.clock(), wiring.meters());
        Thresholds limits = wiring.thresholds();
        Produced<String, Anomaly> toAnomalies = Produced.with(Serdes.String(), wiring.anomalySerde());
        Serde<Kind> activitySerde = JsonSerde.of(Kind.class);
        addStore(builder, OverbookingDetector.EPISODES, Serdes.Long(), JsonSerde.of(OverbookingDetector.Episodes.class));
        addStore(builder, OverbookingDetector.PENDING, Serdes.String(), wiring.anomalySerde());
        addStore(builder, FareAnomalyDetector.STORE, Serdes.Long(), JsonSerde.of(FareAnomalyDetector.FareWindow.class));
        addStore(builder, FlightEventRouter.STORE, Serdes.Long(), JsonSerde.of(FlightEventRouter.Applied.class));
        addStore(builder, DoubleBookedSeatDetector.STORE, Serdes.String(), JsonSerde.of(DoubleBookedSeatDetector.Occupants.class));
        addStore(builder, SpikeDetector.Kind.FLIGHT_BOOKINGS.store(), Serdes.Long(), JsonSerde.of(SpikeDetector.Baseline.class));
        addStore(builder, SpikeDetector.Kind.ROUTE_BOOKINGS.store(), Serdes.String(), JsonSerde.of(SpikeDetector.Baseline.class));
        addStore(builder, SpikeDetector.Kind.ROUTE_CANCELLATIONS.store(), Serdes.String(), JsonSerde.of(SpikeDetector.Baseline.class));
        addStore(builder, FreshnessDetector.STORE, Serdes.String(), JsonSerde.of(Instant.class));

        builder.stream(topics.flightAvailability(), Consumed.with(wiring.availabilityKeySerde(), wiring.availabilitySerde()))
                .process(() -> new OverbookingDetector(limits, alerts), Named.as("overbooking"),
                        OverbookingDetector.EPISODES, OverbookingDetector.PENDING)
                .to(topics.anomalies(), toAnomalies);

        // Tombstones after deletes carry nothing: the delete event before them did.
        KStream<byte[], BookingChange> bookings = builder.stream(topics.bookings(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .filter((key, value) -> value != null, Named.as("booking-events"))
                .mapValues(value -> wiring.changes().booking(value), Named.as("decode-bookings"));
        KStream<byte[], FlightChange> flights = builder.stream(topics.flights(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .filter((key, value) -> value != null, Named.as("flight-events"))
                .mapValues(value -> wiring.changes().flight(value), Named.as("decode-flights"));

        KStream<Long, FlightEvent> flightEvents = bookings
                .process(FlightEventRouter::new, Named.as("route-booking-events"), FlightEventRouter.STORE)
                .repartition(Repartitioned.with(Serdes.Long(), JsonSerde.of(FlightEvent.class)).withName("booking-events-by-flight"));
        flightEvents.filter((flightId, event) -> event.seat() != null, Named.as("seat-events"))
                .mapValues(FlightEvent::seat, Named.as("seat-event"))
                .process(() -> new DoubleBookedSeatDetector(alerts), Named.as("double-booked-seats"), DoubleBookedSeatDetector.STORE)
                .to(topics.anomalies(), toAnomalies);

        KStream<Long, Kind> activityByFlight = flightEvents.filter((flightId, event) -> event.activity() != null, Named.as("activities"))
                .mapValues(FlightEvent::activity, Named.as("booking-activity"));
        spikes(activityByFlight, Kind.BOOKED, SpikeDetector.Kind.FLIGHT_BOOKINGS, Serdes.Long(), activitySerde, limits.flightSpike(),
                limits, alerts, "flight-bookings").to(topics.anomalies(), toAnomalies);
        KTable<Long, String> routes = flights
                .map((key, change) -> KeyValue.pair(change.latest().id(), route(change.current())), Named.as("route-per-flight"))
                .toTable(Named.as("flight-routes"), Materialized.<Long, String, KeyValueStore<Bytes, byte[]>>as("flight-routes")
                        .withKeySerde(Serdes.Long()).withValueSerde(Serdes.String()));
        KStream<String, Kind> activityByRoute = activityByFlight
                .join(routes, (kind, route) -> KeyValue.pair(route, kind), Joined.with(Serdes.Long(), activitySerde, Serdes.String(),
                        "activity-with-route"))
                .map((flightId, routed) -> routed, Named.as("activity-per-route"))
                .repartition(Repartitioned.with(Serdes.String(), activitySerde).withName("booking-activity-by-route"));
        spikes(activityByRoute, Kind.BOOKED, SpikeDetector.Kind.ROUTE_BOOKINGS, Serdes.String(), activitySerde, limits.routeSpike(),
                limits, alerts, "route-bookings").to(topics.anomalies(), toAnomalies);
        spikes(activityByRoute, Kind.CANCELLED, SpikeDetector.Kind.ROUTE_CANCELLATIONS, Serdes.String(), activitySerde,
                limits.cancellationBurst(), limits, alerts, "route-cancellations").to(topics.anomalies(), toAnomalies);

        bookings.process(() -> new FreshnessProbe<BookingChange>(table(topics.bookings())), Named.as("booking-freshness"))
                .merge(flights.process(() -> new FreshnessProbe<FlightChange>(table(topics.flights())), Named.as("flight-freshness")),
                        Named.as("change-lags"))
                .repartition(Repartitioned.with(Serdes.String(), JsonSerde.of(ChangeLag.class)).withName("change-lag-by-table"))
                .process(() -> new FreshnessDetector(limits.freshnessMaxLag(), alerts), Named.as("freshness"), FreshnessDetector.STORE)
                .to(topics.anomalies(), toAnomalies);

        flights.process(() -> new FareAnomalyDetector(limits, alerts), Named.as("fare-anomalies"), FareAnomalyDetector.STORE)
                .to(topics.anomalies(), toAnomalies);

        builder.stream(topics.schemaChanges(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .process(() -> new SchemaDriftDetector(wiring.decoder(), alerts), Named.as("schema-drift"))
                .to(topics.anomalies(), toAnomalies);

        if (!topics.deadLetters().isEmpty()) {
            addStore(builder, DeadLetterDetector.STORE, Serdes.String(), JsonSerde.of(DeadLetterDetector.AlertedWindow.class));
            builder.stream(deadLetterTopics(topics.deadLetters()), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                            .withName("dead-letters"))
                    .process(DeadLetter.Reader::new, Named.as("read-dead-letters"))
                    .repartition(Repartitioned.with(Serdes.String(), JsonSerde.of(DeadLetter.class)).withName("dead-letters-by-topic"))
                    .process(() -> new DeadLetterDetector(limits.deadLettersWindow(), alerts), Named.as("dead-letter-alerts"),
                            DeadLetterDetector.STORE)
                    .to(topics.anomalies(), toAnomalies);
        }
        return builder.build();
    }

    /**
     * One kind of activity counted per key in windows of event time; each window's final count,
     * once its grace period is over (one verdict per window), judged against the key's baseline.
     * The activity comes partitioned by its key already, so counting needs no repartition.
     */
    private static <K> KStream<String, Anomaly> spikes(KStream<K, Kind> activity, Kind counted, SpikeDetector.Kind<K> kind,
                                                        Serde<K> keySerde, Serde<Kind> activitySerde, Thresholds.SpikeRule rule,
                                                        Thresholds limits, Alerts alerts, String name) {
        Thresholds.ActivityWindows windows = limits.activity();
        return activity.filter((key, value) -> value == counted, Named.as(name))
                .groupByKey(Grouped.with(name + "-by-key", keySerde, activitySerde))
                .windowedBy(TimeWindows.ofSizeAndGrace(windows.size(), windows.grace()))
                .count(Named.as(name + "-count"), Materialized.<K, Long, WindowStore<Bytes, byte[]>>as(name + "-per-window")
                        .withKeySerde(keySerde).withValueSerde(Serdes.Long()))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName(name + "-closed-windows"))
                .toStream(Named.as(name + "-final-counts"))
                .process(() -> new SpikeDetector<>(kind, windows, rule, alerts), Named.as(name + "-spikes"), kind.store());
    }

    private static <K, V> void addStore(StreamsBuilder builder, String name, Serde<K> keys, Serde<V> values) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values));
    }

    /** Exactly these topics, as a subscription pattern. */
    static Pattern deadLetterTopics(List<String> topics) {
        return Pattern.compile(topics.stream().map(Pattern::quote).collect(Collectors.joining("|")));
    }

    /** ORIGIN-DESTINATION of a flight; null for a deleted flight (which leaves the route table). */
    private static String route(FlightRow flight) {
        return flight == null ? null : flight.origin() + "-" + flight.destination();
    }

    /** "cdc.flights.booking" → "flights.booking": Debezium names topics prefix.database.table. */
    static String table(String topic) {
        int dot = topic.indexOf('.');
        return dot < 0 ? topic : topic.substring(dot + 1);
    }
}
