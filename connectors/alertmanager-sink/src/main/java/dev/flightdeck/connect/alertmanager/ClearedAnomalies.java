package dev.flightdeck.connect.alertmanager;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The anomaly ids a task saw cleared lately. An anomaly and its clearing have different keys, so
 * different partitions, and may arrive in either order; a raise that arrives after its clearing is
 * sent resolved. Bounded: the oldest ids are forgotten first. Held in memory only, so a restarted
 * task starts without them.
 */
final class ClearedAnomalies {

    private final Map<String, Boolean> ids;

    ClearedAnomalies(int capacity) {
        this.ids = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    void rememberAll(Collection<String> anomalyIds) {
        anomalyIds.forEach(id -> ids.put(id, Boolean.TRUE));
    }

    boolean contains(String anomalyId) {
        return ids.containsKey(anomalyId);
    }
}
