package dev.flightdeck.connect.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Coalescing of one put() batch. */
final class Batches {

    private Batches() {
    }

    /**
     * The last operation of each flight, in the order those last operations came: a put then a
     * delete of one flight leaves the delete, a delete then a put leaves the put. Never all deletes
     * first (which would bring back a key that was put, then deleted, in the same batch).
     */
    static List<FlightOperation> lastPerFlight(List<FlightOperation> operations) {
        Map<Long, FlightOperation> last = new LinkedHashMap<>();
        for (FlightOperation operation : operations) {
            last.remove(operation.flightId()); // re-inserted at the end: order of the last occurrences
            last.put(operation.flightId(), operation);
        }
        return new ArrayList<>(last.values());
    }
}
