package dev.flightdeck.connect.sink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Coalescing of one put() batch, so each flight is written once. */
final class Batches {

    private Batches() {
    }

    /**
     * The last update of each flight, in the order those last updates came: a put then a delete
     * of one flight leaves the delete, a delete then a put leaves the put. Never all deletes first
     * (which would bring back a key that was put, then deleted, in the same batch).
     */
    static List<AvailabilityUpdate> lastPerFlight(List<AvailabilityUpdate> updates) {
        Map<Long, AvailabilityUpdate> last = new LinkedHashMap<>();
        for (AvailabilityUpdate update : updates) {
            last.remove(update.flightId()); // re-inserted at the end: order of the last occurrences
            last.put(update.flightId(), update);
        }
        return new ArrayList<>(last.values());
    }
}
