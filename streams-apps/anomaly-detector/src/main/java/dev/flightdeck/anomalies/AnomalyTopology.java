package dev.flightdeck.anomalies;

import dev.flightdeck.cdc.ConfluentAvroDecoder;
import dev.flightdeck.cdc.flights.FlightsChanges;
import dev.flightdeck.schemas.Anomaly;
import dev.flightdeck.schemas.FlightAvailability;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The anomaly-detector topology, one branch per detector, all into the anomalies topic:
 * <pre>
 * flight-availability ─ overbooking (per flight) ──────────────────────────────────────┐
 * cdc.flights.booking ┬ seat router (per booking) ─ repartition by flight ─ double-booked seats ─┤
 *                     └ new bookings ─ by flight ─ count per window ─ final counts ─ booking spikes ┤
 * cdc.flights.flight  ─ fare anomalies (per flight) ─────────────────────────────────────┼─► anomalies
 * cdc (DDL events)    ─ schema drift ────────────────────────────────────────────────────┘
 * </pre>
 * Each detector keeps in its store whether an anomaly is open, so it alerts once per episode.
 */
public final class AnomalyTopology {

    /** The topics the topology reads and writes. */
    public record Topics(String bookings, String flights, String schemaChanges, String flightAvailability, String anomalies) {
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
        Produced<String, Anomaly> toAnomalies = Produced.with(Serdes.String(), wiring.anomalySerde());
        for (String store : new String[] {OverbookingDetector.STORE, FareAnomalyDetector.STORE, SeatRouter.STORE,
                BookingSpikeDetector.STORE}) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.Long(), Serdes.String()));
        }
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DoubleBookedSeatDetector.STORE),
                Serdes.String(), Serdes.String()));

        builder.stream(topics.flightAvailability(), Consumed.with(wiring.availabilityKeySerde(), wiring.availabilitySerde()))
                .process(() -> new OverbookingDetector(wiring.thresholds(), alerts), Named.as("overbooking"), OverbookingDetector.STORE)
                .to(topics.anomalies(), toAnomalies);

        KStream<byte[], byte[]> bookings = builder.stream(topics.bookings(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()));
        bookings.process(() -> new SeatRouter(wiring.changes()), Named.as("seat-router"), SeatRouter.STORE)
                .repartition(Repartitioned.with(Serdes.Long(), SeatEvent.SERDE).withName("seat-events"))
                .process(() -> new DoubleBookedSeatDetector(alerts), Named.as("double-booked-seats"), DoubleBookedSeatDetector.STORE)
                .to(topics.anomalies(), toAnomalies);

        Thresholds limits = wiring.thresholds();
        bookings.process(() -> new NewBookings(wiring.changes()), Named.as("new-bookings"))
                .groupByKey(Grouped.with("new-bookings-by-flight", Serdes.Long(), Serdes.Long()))
                .windowedBy(TimeWindows.ofSizeAndGrace(limits.spikeWindow(), limits.spikeGrace()))
                .count(Named.as("count-per-window"), Materialized.<Long, Long, WindowStore<Bytes, byte[]>>as("bookings-per-window")
                        .withKeySerde(Serdes.Long()).withValueSerde(Serdes.Long()))
                // Only a window's final count goes on, once its grace period is over: one verdict per window.
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("closed-windows"))
                .toStream(Named.as("final-counts"))
                .process(() -> new BookingSpikeDetector(limits, alerts), Named.as("booking-spikes"), BookingSpikeDetector.STORE)
                .to(topics.anomalies(), toAnomalies);

        builder.stream(topics.flights(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .process(() -> new FareAnomalyDetector(wiring.changes(), wiring.thresholds(), alerts), Named.as("fare-anomalies"),
                        FareAnomalyDetector.STORE)
                .to(topics.anomalies(), toAnomalies);

        builder.stream(topics.schemaChanges(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .process(() -> new SchemaDriftDetector(wiring.decoder(), alerts), Named.as("schema-drift"))
                .to(topics.anomalies(), toAnomalies);
        return builder.build();
    }
}
