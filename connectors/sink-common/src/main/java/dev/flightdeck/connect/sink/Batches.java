package dev.flightdeck.connect.sink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Coalescing of one put() batch. */
public final class Batches {

    private Batches() {
    }

    /**
     * The last change of each flight, in the order those last changes came: a put then a delete
     * of one flight leaves the delete, a delete then a put leaves the put. Never all deletes first
     * (which would bring back a key that was put, then deleted, in the same batch).
     */
    public static List<FlightChange> lastPerFlight(List<FlightChange> changes) {
        Map<Long, FlightChange> last = new LinkedHashMap<>();
        for (FlightChange change : changes) {
            last.remove(change.flightId()); // re-inserted at the end: order of the last occurrences
            last.put(change.flightId(), change);
        }
        return new ArrayList<>(last.values());
    }
}
