package dev.flightdeck.stack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of the stack for {@code flightdeck status}: each service's process, ports and health,
 * and the connectors, with what the sinks wrote ({@code sinks} null when the worker's metrics
 * could not be read; {@code sinksUnreadable} then says why).
 */
public record StackStatus(Path dataDir, List<ServiceStatus> services, StackEndpoints endpoints,
                          List<ConnectRest.ConnectorStatus> connectors, SinkCounters sinks, String sinksUnreadable) {

    /**
     * @param state   running, stopped (by down), dead (its recorded process is gone: crashed or killed), not started
     * @param health  "ok", or why the health check fails; null when not running
     */
    public record ServiceStatus(ServiceId id, Long pid, String state, Map<String, Integer> ports, String health,
                                long residentMiB, Path log) {
    }

    public Map<String, Object> toDocument() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("dataDir", dataDir.toString());
        Map<String, Object> list = new LinkedHashMap<>();
        for (ServiceStatus s : services) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("state", s.state());
            entry.put("pid", s.pid());
            entry.put("ports", s.ports());
            entry.put("health", s.health());
            entry.put("residentMiB", s.residentMiB() < 0 ? null : s.residentMiB());
            entry.put("log", s.log().toString());
            list.put(s.id().key(), entry);
        }
        doc.put("services", list);
        doc.put("endpoints", endpoints.toDocument());
        Map<String, Object> connectorDoc = new LinkedHashMap<>();
        for (ConnectRest.ConnectorStatus c : connectors) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("state", c.state());
            entry.put("tasks", c.tasks().stream().map(t -> {
                Map<String, Object> task = new LinkedHashMap<>();
                task.put("id", t.id());
                task.put("state", t.state());
                if (t.trace() != null) {
                    task.put("reason", t.reason());
                }
                return task;
            }).toList());
            if (sinks != null && sinks.written().containsKey(c.name())) {
                entry.put("flightVersionsWritten", sinks.written().get(c.name()));
                entry.put("flightVersionsSkippedAsNotNewer", sinks.skipped().get(c.name()));
            }
            connectorDoc.put(c.name(), entry);
        }
        doc.put("connectors", connectorDoc);
        return doc;
    }
}
