package dev.flightdeck.seats;

import dev.flightdeck.schemas.FlightAvailability;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries over this instance's stores. Which instance owns a flight is Kafka
 * Streams' answer ({@code queryMetadataForKey}); the HTTP layer forwards to it when it is not us.
 */
final class AvailabilityQueries {

    /** Where a flight's state lives right now. */
    sealed interface Owner {
        /** This instance, in the task of this partition. */
        record Here(int partition) implements Owner {
        }

        record Elsewhere(HostInfo host) implements Owner {
        }

        /** No instance owns it at this moment: a rebalance or a restore is under way. */
        record Unknown() implements Owner {
        }
    }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final Clock clock;
    private final LivePartitions live;

    AvailabilityQueries(KafkaStreams streams, HostInfo self, Clock clock, LivePartitions live) {
        this.streams = streams;
        this.self = self;
        this.clock = clock;
        this.live = live;
    }

    Owner ownerOf(long flightId) {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(SeatAvailabilityTopology.FLIGHT_STATE, flightId,
                Serdes.Long().serializer());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new Owner.Unknown();
        }
        return metadata.activeHost().equals(self) ? new Owner.Here(metadata.partition())
                : new Owner.Elsewhere(metadata.activeHost());
    }

    /**
     * The published state of a flight this instance owns; empty when unknown or not published yet.
     * Asked of the one task that holds the flight: if that task is not running here yet (just
     * assigned, still restoring), this throws rather than answer "unknown" from an empty store.
     */
    Optional<KnownFlight> flight(long flightId, int partition) {
        FlightState state = flightStates(partition).get(flightId);
        return state != null && state.published()
                ? Optional.of(new KnownFlight(state, FlightPlaces.takenSeats(flightPlaces(partition), flightId)))
                : Optional.empty();
    }

    Optional<AircraftSeating> seating(String aircraftType) {
        ReadOnlyKeyValueStore<String, AircraftSeating> store = streams.store(StoreQueryParameters.fromNameAndType(
                SeatAvailabilityTopology.AIRCRAFT_SEATING, QueryableStoreTypes.keyValueStore()));
        return Optional.ofNullable(store.get(aircraftType));
    }

    FlightAvailability availability(KnownFlight flight) {
        return FlightAvailabilityView.of(flight, clock.instant());
    }

    /** What a search asks for; a null field matches any flight. */
    record Filter(String origin, String destination, LocalDate date) {
        static final Filter ANY = new Filter(null, null, null);

        boolean isAny() {
            return origin == null && destination == null && date == null;
        }

        boolean matches(FlightState s) {
            return s.published() && s.flight() != null
                    && (origin == null || origin.equals(s.flight().origin()))
                    && (destination == null || destination.equals(s.flight().destination()))
                    && (date == null || date.equals(LocalDate.ofInstant(s.flight().departureTime(), ZoneOffset.UTC)));
        }
    }

    /** Up to a page of flights in flight-id order, and whether more match after them. */
    record Page(List<FlightAvailability> flights, boolean more) {
    }

    /**
     * Flights of this instance's partitions matching the filter, by departure time. Every partition
     * the cluster metadata gives this instance must be running here, or this throws: a search must
     * not quietly miss the flights of a partition that is still restoring.
     */
    List<FlightAvailability> search(Filter filter) {
        List<FlightAvailability> found = new ArrayList<>();
        for (int partition : ownPartitions()) {
            try (KeyValueIterator<Long, FlightState> all = flightStates(partition).all()) {
                all.forEachRemaining(entry -> {
                    if (filter.matches(entry.value)) {
                        found.add(availability(new KnownFlight(entry.value, FlightPlaces.takenSeats(flightPlaces(partition), entry.key))));
                    }
                });
            }
        }
        found.sort(Comparator.comparing(FlightAvailability::getDepartureTime).thenComparing(FlightAvailability::getFlightId));
        return found;
    }

    /**
     * The first {@code limit} flights of this instance's partitions matching the filter with an id
     * above {@code afterFlightId}, in flight-id order: each partition's store is read from that id
     * on and no further than the page needs, so paging through every flight costs a page per call.
     */
    Page page(Filter filter, long afterFlightId, int limit) {
        return page(ownPartitions(), this::flightStates, this::flightPlaces, filter, afterFlightId, limit, clock.instant());
    }

    /** {@link #page(Filter, long, int)} over the given partitions' stores. */
    static Page page(List<Integer> partitions, IntFunction<ReadOnlyKeyValueStore<Long, FlightState>> states,
                     IntFunction<ReadOnlyKeyValueStore<String, PlaceOnFlight>> places, Filter filter, long afterFlightId, int limit,
                     Instant now) {
        List<FlightAvailability> found = new ArrayList<>();
        boolean more = false;
        for (int partition : partitions) {
            int taken = 0;
            try (KeyValueIterator<Long, FlightState> after = states.apply(partition).range(afterFlightId + 1, Long.MAX_VALUE)) {
                while (after.hasNext()) {
                    KeyValue<Long, FlightState> entry = after.next();
                    if (!filter.matches(entry.value)) {
                        continue;
                    }
                    if (taken == limit) {
                        more = true;
                        break;
                    }
                    TakenSeats seats = FlightPlaces.takenSeats(places.apply(partition), entry.key);
                    found.add(FlightAvailabilityView.of(new KnownFlight(entry.value, seats), now));
                    taken++;
                }
            }
        }
        found.sort(Comparator.comparing(FlightAvailability::getFlightId));
        if (found.size() > limit) {
            return new Page(List.copyOf(found.subList(0, limit)), true);
        }
        return new Page(found, more);
    }

    /** Stage two's partitions the cluster assigned to this instance (its metadata lists every subtopology's). */
    private List<Integer> ownPartitions() {
        String stageTwoInput = "-" + SeatAvailabilityTopology.FLIGHT_INPUTS + "-repartition";
        return streams.streamsMetadataForStore(SeatAvailabilityTopology.FLIGHT_STATE).stream()
                .filter(m -> m.hostInfo().equals(self))
                .flatMap(m -> m.topicPartitions().stream())
                .filter(tp -> tp.topic().endsWith(stageTwoInput))
                .map(tp -> tp.partition()).distinct().sorted().toList();
    }

    /** Every other instance of the application, to ask for their part of a search. */
    List<HostInfo> otherInstances() {
        return streams.metadataForAllStreamsClients().stream()
                .map(m -> m.hostInfo()).filter(h -> !h.equals(self)).distinct().toList();
    }

    /** Running, and every partition the cluster gave this instance is restored and served. */
    boolean ready() {
        return streams.state() == KafkaStreams.State.RUNNING && live.allLive(ownPartitions());
    }

    private ReadOnlyKeyValueStore<Long, FlightState> flightStates(int partition) {
        return servedStore(SeatAvailabilityTopology.FLIGHT_STATE, partition);
    }

    private ReadOnlyKeyValueStore<String, PlaceOnFlight> flightPlaces(int partition) {
        return servedStore(SeatAvailabilityTopology.FLIGHT_PLACES, partition);
    }

    private <K, V> ReadOnlyKeyValueStore<K, V> servedStore(String name, int partition) {
        if (!live.isLive(partition)) {
            throw new InvalidStateStoreException("partition " + partition + " is not served here yet (being restored or moving)");
        }
        return streams.store(StoreQueryParameters.fromNameAndType(name,
                QueryableStoreTypes.<K, V>keyValueStore()).withPartition(partition));
    }
}
