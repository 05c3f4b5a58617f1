package dev.flightdeck.ops.status;

import dev.flightdeck.clients.ClusterProfile.Service;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.clients.Endpoint;
import dev.flightdeck.clients.EndpointException;
import dev.flightdeck.clients.Reachability;
import dev.flightdeck.clients.UnreachableEndpointException;
import dev.flightdeck.clients.connect.CaptureFailure;
import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.ops.kafka.ConsumerLag;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;

/**
 * A deployment at a glance, from its profile alone: whether each service it names answers, every
 * connector and task with why a failed one failed, and how far each consumer group is behind.
 */
public record DeploymentStatus(String source, List<EndpointState> endpoints, Map<String, ConnectClient.ConnectorStatus> connectors,
                               String connectorsUnreadable, Map<String, GroupLag> groupLag, String lagUnreadable) {

    /** A consumer group's state (Stable, Empty: no member, ...) and the records it has still to read. */
    public record GroupLag(String state, long behind) {
    }

    /** One service of the profile and whether it accepts connections ({@code problem} null when it does). */
    public record EndpointState(String service, String key, String value, String problem) {
    }

    public static DeploymentStatus read(ClusterProfile profile) {
        List<EndpointState> endpoints = new ArrayList<>();
        Map<Service, Boolean> up = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            if (profile.has(service)) {
                Endpoint endpoint = profile.endpoint(service);
                String problem = problem(endpoint, profile.source());
                endpoints.add(new EndpointState(service.label(), service.key(), endpoint.value(), problem));
                up.put(service, problem == null);
            }
        }
        Map<String, ConnectClient.ConnectorStatus> connectors = Map.of();
        String connectorsUnreadable = null;
        if (up.getOrDefault(Service.CONNECT, false)) {
            try {
                connectors = profile.connect().statuses();
            } catch (EndpointException e) {
                connectorsUnreadable = e.getMessage();
            }
        }
        Map<String, GroupLag> lag = new TreeMap<>();
        String lagUnreadable = null;
        if (up.getOrDefault(Service.KAFKA, false)) {
            try (Admin admin = profile.admin()) {
                for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(15, TimeUnit.SECONDS)) {
                    long behind = ConsumerLag.ofGroup(admin, profile.kafkaClientConfig(), group.groupId());
                    if (behind >= 0) {
                        lag.put(group.groupId(), new GroupLag(group.groupState().map(Object::toString).orElse("?"), behind));
                    }
                }
            } catch (Exception e) {
                lagUnreadable = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            }
        }
        return new DeploymentStatus(profile.source(), endpoints, connectors, connectorsUnreadable, lag, lagUnreadable);
    }

    private static String problem(Endpoint endpoint, String source) {
        try {
            Reachability.require(List.of(endpoint), source);
            return null;
        } catch (UnreachableEndpointException e) {
            return e.getMessage().substring(e.getMessage().indexOf("unreachable: ") + "unreachable: ".length());
        }
    }

    /** Prints the connectors with their tasks; {@code extra} adds lines under a connector (e.g. what a sink wrote). */
    public void printConnectors(PrintStream out, Function<String, List<String>> extra) {
        if (connectorsUnreadable != null) {
            out.println("Connectors: cannot be read: " + connectorsUnreadable);
            return;
        }
        if (connectors.isEmpty()) {
            return;
        }
        out.printf("%-28s %-10s %s%n", "CONNECTOR", "STATE", "TASKS");
        for (ConnectClient.ConnectorStatus c : connectors.values()) {
            out.printf("%-28s %-10s %s%n", c.name(), c.state(), c.tasks().stream()
                    .map(t -> t.id() + ":" + t.state()).collect(Collectors.joining("  ")));
            extra.apply(c.name()).forEach(line -> out.println("  " + line));
            if ("FAILED".equals(c.state()) && c.trace() != null) {
                out.printf("  connector FAILED: %s%n", CaptureFailure.of(c.trace()).plainWords());
            }
            for (ConnectClient.TaskStatus t : c.tasks()) {
                if ("FAILED".equals(t.state())) {
                    CaptureFailure why = CaptureFailure.of(t.trace());
                    out.printf("  task %d FAILED: %s%n", t.id(), why.plainWords());
                    if (why.table() != null && why.registryReason() != null) {
                        out.printf("  capture stopped at a DDL statement on %s: no change this task captures reaches Kafka until it "
                                + "runs again; to let the change through: flightdeck schema allow %s%n", why.table(), why.table());
                    }
                }
            }
        }
    }

    /** Prints what a cluster profile shows: the services, the connectors, the consumer groups' lag. */
    public void print(PrintStream out) {
        out.println("Deployment of " + source);
        out.printf("%-20s %-24s %-44s %s%n", "SERVICE", "KEY", "ADDRESS", "ANSWERS");
        for (EndpointState e : endpoints) {
            out.printf("%-20s %-24s %-44s %s%n", e.service(), e.key(), e.value().replaceFirst("\\?.*", ""),
                    e.problem() == null ? "yes" : "NO: " + e.problem());
        }
        out.println();
        printConnectors(out, name -> List.of());
        printLag(out);
    }

    public void printLag(PrintStream out) {
        if (lagUnreadable != null) {
            out.println("\nConsumer groups: cannot be read: " + lagUnreadable);
        } else if (!groupLag.isEmpty()) {
            out.printf(Locale.ROOT, "%n%-48s %-8s %14s%n", "CONSUMER GROUP", "STATE", "RECORDS BEHIND");
            groupLag.forEach((group, lag) -> out.printf(Locale.ROOT, "%-48s %-8s %,14d%n", group, lag.state(), lag.behind()));
        }
    }

    /** For {@code status --json}. */
    public Map<String, Object> toDocument() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("profile", source);
        Map<String, Object> services = new LinkedHashMap<>();
        for (EndpointState e : endpoints) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", e.key());
            entry.put("address", e.value());
            entry.put("reachable", e.problem() == null);
            if (e.problem() != null) {
                entry.put("problem", e.problem());
            }
            services.put(e.service(), entry);
        }
        doc.put("services", services);
        doc.put("connectors", connectorsDocument());
        doc.put("consumerGroupLag", groupLag);
        return doc;
    }

    public Map<String, Object> connectorsDocument() {
        Map<String, Object> connectorDoc = new LinkedHashMap<>();
        for (ConnectClient.ConnectorStatus c : connectors.values()) {
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
            connectorDoc.put(c.name(), entry);
        }
        return connectorDoc;
    }
}
