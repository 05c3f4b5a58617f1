package dev.flightdeck.seats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The flights one stage-two task worked on recently, decoded: the state, and the taken seats
 * derived from the places store (a prefix scan of the flight's bookings), so that a booking change
 * does not decode the flight's state from the store again. Flight states are written through it
 * ({@link #save}), by the apply step and by the publish step's seating check; both empty it in
 * their {@code init}, which Kafka Streams calls again after an aborted transaction has wiped and
 * restored the stores, so it never holds what the stores do not.
 * It also remembers which version of each flight went out last, so that the publish step does
 * not publish one twice (see {@link FlightPublisher}).
 */
final class RecentFlights {

    /** Flights kept per task: a few KiB each (the taken seats), so some MiB at most. */
    private static final int CAPACITY = 2_000;

    private final SeatingCheck seating;
    private final Map<Long, KnownFlight> flights = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, KnownFlight> eldest) {
            return size() > CAPACITY;
        }
    };
    /**
     * The version each flight was last published with by this task instance. Forgetting one (a
     * full map, a restart) costs at most one record published twice with the same version, which
     * the sinks skip as not newer.
     */
    private final Map<Long, Long> publishedVersions = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > CAPACITY;
        }
    };

    RecentFlights(SeatingCheck seating) {
        this.seating = seating;
    }

    /** The task's seat maps and the flights waiting for theirs. */
    SeatingCheck seating() {
        return seating;
    }

    /** The flight as stored (an empty state if it is new), decoded once. */
    KnownFlight get(long flightId, KeyValueStore<Long, FlightState> states, KeyValueStore<String, PlaceOnFlight> places) {
        KnownFlight known = flights.get(flightId);
        if (known == null) {
            FlightState state = Objects.requireNonNullElseGet(states.get(flightId), FlightState::empty);
            known = new KnownFlight(state, FlightPlaces.takenSeats(places, flightId));
            flights.put(flightId, known);
        }
        return known;
    }

    /** Stores the flight's state and keeps it, with its taken seats, as the store now holds it. */
    void save(long flightId, KnownFlight known, KeyValueStore<Long, FlightState> states) {
        states.put(flightId, known.state());
        flights.put(flightId, known);
    }

    boolean alreadyPublished(long flightId, long version) {
        Long published = publishedVersions.get(flightId);
        return published != null && published == version;
    }

    void published(long flightId, long version) {
        publishedVersions.put(flightId, version);
    }

    void clear() {
        seating.clear();
        flights.clear();
        publishedVersions.clear();
    }

    /** One per task, shared by the task's two stage-two processors (each gets it in its init). */
    static final class PerTask {
        private final Map<TaskId, RecentFlights> tasks = new ConcurrentHashMap<>();
        private final SeatMapUpdates.Generation seatMapUpdates;

        PerTask(SeatMapUpdates.Generation seatMapUpdates) {
            this.seatMapUpdates = seatMapUpdates;
        }

        RecentFlights of(TaskId task) {
            return tasks.computeIfAbsent(task, t -> new RecentFlights(new SeatingCheck(seatMapUpdates)));
        }

        void closed(TaskId task) {
            tasks.remove(task);
        }
    }
}
