package dev.flightdeck.stack;

import dev.flightdeck.ops.status.DeploymentStatus;
import dev.flightdeck.ops.status.SinkCounters;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of the stack for {@code flightdeck status}: each service's process, ports and health,
 * and what its profile shows (connectors, consumer lag; null before Kafka first started), with what
 * the sinks wrote ({@code sinks} null when the worker's metrics could not be read;
 * {@code sinksUnreadable} then says why).
 */
public record StackStatus(Path dataDir, Path profile, Path mysqlPasswordFile, Path connectPasswordFile, Path searchApiKeyFile, List<ServiceStatus> services,
                          StackEndpoints endpoints, DeploymentStatus deployment, SinkCounters sinks, String sinksUnreadable) {

    /**
     * @param state   running, stopped (by down), dead (its recorded process is gone: crashed or killed), not started
     * @param health  "ok", or why the health check fails; null when not running
     */
    public record ServiceStatus(ServiceId id, Long pid, String state, Map<String, Integer> ports, String health,
                                long residentMiB, Path log) {
    }

    /** The lines under a connector in {@code status}: what a sink wrote and what its version guard skipped. */
    public List<String> sinkLines(String connector) {
        if (sinks == null || !sinks.written().containsKey(connector)) {
            return List.of();
        }
        // Since the worker (or the task) last started; skips are redeliveries the version guard absorbed.
        return List.of(String.format(java.util.Locale.ROOT, "flight versions written %,d, skipped as not newer %,d",
                sinks.written().get(connector), sinks.skipped().get(connector)));
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
        doc.put("endpoints", endpoints.toDocument(profile, mysqlPasswordFile, connectPasswordFile, searchApiKeyFile));
        Map<String, Object> connectors = deployment == null ? new LinkedHashMap<>() : deployment.connectorsDocument();
        connectors.forEach((name, entry) -> {
            if (sinks != null && sinks.written().containsKey(name) && entry instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> connector = (Map<String, Object>) map;
                connector.put("flightVersionsWritten", sinks.written().get(name));
                connector.put("flightVersionsSkippedAsNotNewer", sinks.skipped().get(name));
            }
        });
        doc.put("connectors", connectors);
        doc.put("consumerGroupLag", deployment == null ? Map.of() : deployment.groupLag());
        return doc;
    }
}
