package dev.flightdeck.seats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * One task's view of the aircraft seat maps (the global store {@code aircraft-seating}), decoded
 * once, and the flights still waiting for theirs. The apply step asks it for a flight's seat map
 * per change; the publish step runs the periodic check that publishes flights whose seat map came
 * late and republishes those whose seat map changed.
 */
final class SeatingCheck {

    private final SeatMapUpdates.Generation updates;
    /** The seat maps as of the last check: reading the store per change would decode a whole seat map each time. */
    private final Map<String, AircraftSeating> seen = new HashMap<>();
    private long updatesSeen = -1;
    /** Flights with a row but no seat map yet; null until the first check has looked at every flight. */
    private Set<Long> waiting;

    SeatingCheck(SeatMapUpdates.Generation updates) {
        this.updates = updates;
    }

    /** The seat map of the flight's aircraft, or null (no row, or no seat map yet). */
    AircraftSeating of(FlightState state, KeyValueStore<String, ValueAndTimestamp<AircraftSeating>> store) {
        if (state.flight() == null) {
            return null;
        }
        String type = state.flight().aircraftType();
        AircraftSeating known = seen.get(type);
        if (known == null) {
            ValueAndTimestamp<AircraftSeating> stored = store.get(type);
            known = stored == null ? null : stored.value();
            if (known != null) {
                seen.put(type, known);
            }
        }
        return known;
    }

    /** Whether the flight waits for its aircraft's seat map, as of its latest change. */
    void waiting(long flightId, boolean waits) {
        if (waiting != null) {
            if (waits) {
                waiting.add(flightId);
            } else {
                waiting.remove(flightId);
            }
        }
    }

    /**
     * The flights to publish now, with their next state: those whose seat map came, and those whose
     * seat map changed. Every flight is looked at only when a seat map changed (or on the first
     * check); otherwise just the flights known to be waiting. The store is read only after it was
     * updated.
     */
    List<KeyValue<Long, FlightState>> due(KeyValueStore<String, ValueAndTimestamp<AircraftSeating>> store,
                                          KeyValueStore<Long, FlightState> states) {
        boolean changed = false;
        long now = updates.current();
        if (now != updatesSeen) {
            Map<String, AircraftSeating> current = new HashMap<>();
            try (KeyValueIterator<String, ValueAndTimestamp<AircraftSeating>> all = store.all()) {
                all.forEachRemaining(entry -> current.put(entry.key, entry.value.value()));
            }
            changed = !current.equals(seen);
            seen.clear();
            seen.putAll(current);
            updatesSeen = now;
        }
        if (!changed && waiting != null && waiting.isEmpty()) {
            return List.of();
        }
        List<KeyValue<Long, FlightState>> due = new ArrayList<>();
        Set<Long> stillWaiting = new HashSet<>();
        if (changed || waiting == null) {
            try (KeyValueIterator<Long, FlightState> all = states.all()) {
                all.forEachRemaining(entry -> check(entry.key, entry.value, store, due, stillWaiting));
            }
        } else {
            for (long flightId : waiting) {
                check(flightId, states.get(flightId), store, due, stillWaiting);
            }
        }
        waiting = stillWaiting;
        return due;
    }

    private void check(long flightId, FlightState state, KeyValueStore<String, ValueAndTimestamp<AircraftSeating>> store,
                       List<KeyValue<Long, FlightState>> due, Set<Long> stillWaiting) {
        if (state == null || state.flight() == null) {
            return;
        }
        AircraftSeating aircraft = of(state, store);
        if (!state.published() && state.publishable(aircraft) || state.outdatedBy(aircraft)) {
            due.add(KeyValue.pair(flightId, state.publishedWith(aircraft)));
        } else if (!state.published()) {
            stillWaiting.add(flightId);
        }
    }

    void clear() {
        seen.clear();
        updatesSeen = -1;
        waiting = null;
    }
}
