package dev.flightdeck.ops.cli;

import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.clients.ClusterProfile.Service;
import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.clients.connect.ConnectClient.ConnectorFile;
import dev.flightdeck.clients.connect.ConnectClient.ConnectorStatus;
import dev.flightdeck.ops.OpsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Registers connector JSON files with a Connect cluster, as a deployment's setup does: each is
 * validated first (the worker names a bad key), left alone when its config is unchanged (a PUT
 * would restart it), and awaited until it and its tasks run.
 */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Validates and registers connector JSON files ({\"name\", \"config\"}) with the profile's Connect "
                + "cluster, then waits until each connector and its tasks are RUNNING. Placeholders such as "
                + "$${env:FLIGHTDECK_...} are resolved by the workers, never here. Exit status 1 when one is refused or fails.")
public final class RegisterConnectorsCommand implements Callable<Integer> {

    @Mixin
    ProfileOption profileOption;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Connector JSON files, registered in the order given.")
    List<Path> files;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "How long to wait for each connector to run (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        ClusterProfile profile = profileOption.profile();
        profile.requireReachable(Service.CONNECT);
        ConnectClient connect = profile.connect();
        for (Path file : files) {
            ConnectorFile connector = ConnectorFile.read(file);
            List<String> problems = connect.validate(connector);
            if (!problems.isEmpty()) {
                System.err.println(connector.name() + " (" + file + ") is not valid:");
                problems.forEach(problem -> System.err.println("  " + problem));
                return 1;
            }
            if (connector.config().equals(connect.config(connector.name()))) {
                System.out.println(connector.name() + ": registered already with this config");
            } else {
                connect.put(connector);
                System.out.println(connector.name() + ": registered from " + file);
            }
            String failure = awaitRunning(connect, connector.name(), Duration.ofSeconds(timeoutSeconds));
            if (failure != null) {
                System.err.println(connector.name() + ": " + failure);
                return 1;
            }
        }
        return 0;
    }

    /** Null once the connector and every task run; why not, when one fails or the time is up. */
    private static String awaitRunning(ConnectClient connect, String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "not reported yet";
        while (System.nanoTime() < deadline) {
            ConnectorStatus status = connect.statuses().get(name);
            if (status != null) {
                if (status.failed()) {
                    return "FAILED: " + status.tasks().stream().filter(t -> "FAILED".equals(t.state())).findFirst()
                            .map(t -> "task " + t.id() + ": " + t.reason()).orElse(String.valueOf(status.trace()));
                }
                if (status.running()) {
                    System.out.println(name + ": running, " + status.tasks().size() + " task(s)");
                    return null;
                }
                last = status.state() + ", tasks " + status.tasks().stream().map(ConnectClient.TaskStatus::state).toList();
            }
            Thread.sleep(500);
        }
        throw new OpsException(name + " did not run within " + timeout.toSeconds() + " s (last seen: " + last + ")");
    }
}
