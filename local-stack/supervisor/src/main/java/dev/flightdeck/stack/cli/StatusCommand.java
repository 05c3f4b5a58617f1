package dev.flightdeck.stack.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.ops.status.DeploymentStatus;
import dev.flightdeck.stack.StackStatus;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows each service of the local stack (pid, ports, health, memory), the connectors, the consumer groups' "
                + "lag, and the endpoints.",
                "With --config FILE: the deployment that cluster profile names instead (whether each service answers, the "
                        + "connectors, the lag)."})
public final class StatusCommand extends StackCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print one JSON document (endpoints, and credentials as the files holding them).")
    boolean json;

    @Option(names = "--config", paramLabel = "FILE", description = "A cluster profile: show that deployment, not the local stack.")
    Path config;

    @Override
    public Integer call() throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        if (config != null) {
            DeploymentStatus deployment = DeploymentStatus.read(ClusterProfile.load(config));
            if (json) {
                System.out.println(mapper.writeValueAsString(deployment.toDocument()));
            } else {
                deployment.print(System.out);
            }
            return 0;
        }
        StackStatus status = stack().status();
        if (json) {
            System.out.println(mapper.writeValueAsString(status.toDocument()));
            return 0;
        }
        System.out.println("Flightdeck local stack in " + status.dataDir());
        System.out.printf("%-22s %-12s %-8s %-34s %-22s %s%n", "SERVICE", "STATE", "PID", "PORTS", "HEALTH", "MEMORY");
        for (StackStatus.ServiceStatus s : status.services()) {
            System.out.printf("%-22s %-12s %-8s %-34s %-22s %s%n", s.id().key(), s.state(),
                    s.pid() == null ? "-" : s.pid(), ports(s.ports()),
                    s.health() == null ? "-" : abbreviate(s.health(), 22),
                    s.residentMiB() < 0 ? "-" : s.residentMiB() + " MiB");
        }
        if (status.deployment() != null) {
            System.out.println();
            status.deployment().printConnectors(System.out, status::sinkLines);
            if (status.sinks() == null && status.sinksUnreadable() != null) {
                System.out.println("  (the sinks' metrics could not be read: " + status.sinksUnreadable() + ")");
            }
            status.deployment().printLag(System.out);
        }
        System.out.println();
        UpCommand.printEndpoints(status.endpoints(), status.profile(), status.searchApiKeyFile());
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
