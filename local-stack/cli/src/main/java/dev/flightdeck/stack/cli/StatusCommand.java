package dev.flightdeck.stack.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flightdeck.cdc.CaptureFailure;
import dev.flightdeck.stack.ConnectRest;
import dev.flightdeck.stack.StackStatus;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", description = "Shows each service (pid, ports, health, memory), the connectors, and the endpoints.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    FlightdeckCli cli;

    @Option(names = "--json", description = "Print one JSON document with every endpoint and credential, for scripts and tests.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        StackStatus status = cli.stack().status();
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(status.toDocument()));
            return 0;
        }
        System.out.println("Flightdeck local stack in " + status.dataDir());
        System.out.printf("%-17s %-12s %-8s %-34s %-22s %s%n", "SERVICE", "STATE", "PID", "PORTS", "HEALTH", "MEMORY");
        for (StackStatus.ServiceStatus s : status.services()) {
            System.out.printf("%-17s %-12s %-8s %-34s %-22s %s%n", s.id().key(), s.state(),
                    s.pid() == null ? "-" : s.pid(), ports(s.ports()),
                    s.health() == null ? "-" : abbreviate(s.health(), 22),
                    s.residentMiB() < 0 ? "-" : s.residentMiB() + " MiB");
        }
        if (!status.connectors().isEmpty()) {
            System.out.println();
            System.out.printf("%-28s %-10s %s%n", "CONNECTOR", "STATE", "TASKS");
            for (ConnectRest.ConnectorStatus c : status.connectors()) {
                System.out.printf("%-28s %-10s %s%n", c.name(), c.state(), c.tasks().stream()
                        .map(t -> t.id() + ":" + t.state()).collect(Collectors.joining("  ")));
                if (status.sinks() != null && status.sinks().written().containsKey(c.name())) {
                    // Since the worker (or the task) last started; skips are redeliveries the version guard absorbed.
                    System.out.printf(Locale.ROOT, "  flight versions written %,d, skipped as not newer %,d%n",
                            status.sinks().written().get(c.name()), status.sinks().skipped().get(c.name()));
                }
                for (ConnectRest.TaskStatus t : c.tasks()) {
                    if ("FAILED".equals(t.state())) {
                        CaptureFailure why = CaptureFailure.of(t.trace());
                        System.out.printf("  task %d FAILED: %s%n", t.id(), why.plainWords());
                        if (why.table() != null && why.registryReason() != null) {
                            System.out.printf("  capture stopped at a DDL statement on %s: no change this task captures reaches Kafka "
                                    + "until it runs again; to let the change through: ./flightdeck schema allow %s%n", why.table(), why.table());
                        }
                    }
                }
            }
            if (status.sinks() == null && status.sinksUnreadable() != null) {
                System.out.println("  (the sinks' metrics could not be read: " + status.sinksUnreadable() + ")");
            }
        }
        System.out.println();
        UpCommand.printEndpoints(status.endpoints());
        return 0;
    }

    private static String ports(Map<String, Integer> ports) {
        return ports.isEmpty() ? "-" : ports.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
