package dev.flightdeck.ops.cli;

import dev.flightdeck.clients.ClusterProfile.Service;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.clients.UnreachableEndpointException;
import dev.flightdeck.clients.connect.ConnectClient.ConnectorFile;
import dev.flightdeck.clients.connect.ConnectClient.ConnectorStatus;
import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.clients.connect.ConnectorKafkaLogin;
import dev.flightdeck.ops.OpsException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
            description = "How long to wait for each connector to run, and to retry while Connect is unreachable "
                    + "(default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--kafka-settings-dir", paramLabel = "DIR",
            description = "A folder of Kafka logins, one per connector: DIR/NAME.properties holds the Kafka client settings "
                    + "(security.protocol, sasl.mechanism, sasl.jaas.config, ssl.truststore.*) of connector NAME, as its "
                    + "workers resolve them (a password as a $${dir:...} or $${file:...} reference). A sink logs in with them "
                    + "through Connect's client overrides; Debezium's schema-history clients take them all.")
    Path kafkaSettingsDir;

    @Override
    public Integer call() throws Exception {
        ClusterProfile profile = profileOption.profile();
        ConnectClient connect = profile.connect();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        retriedWhileUnreachable("Connect", timeout, () -> {
            profile.requireReachable(Service.CONNECT);
            return null;
        });
        for (Path file : files) {
            ConnectorFile connector = ConnectorFile.read(file);
            if (kafkaSettingsDir != null) {
                ConnectorKafkaLogin.apply(connector.config(), kafkaLogin(connector.name()));
            }
            List<String> problems = retriedWhileUnreachable(connector.name(), timeout, () -> register(connect, connector, file));
            if (!problems.isEmpty()) {
                System.err.println(connector.name() + " (" + file + ") is not valid:");
                problems.forEach(problem -> System.err.println("  " + problem));
                return 1;
            }
            String failure = awaitRunning(connect, connector.name(), timeout);
            if (failure != null) {
                System.err.println(connector.name() + ": " + failure);
                return 1;
            }
        }
        return 0;
    }

    /** Validates, then registers unless Connect runs this config already: the problems Connect named, or none. */
    private static List<String> register(ConnectClient connect, ConnectorFile connector, Path file) {
        List<String> problems = connect.validate(connector);
        if (!problems.isEmpty()) {
            return problems;
        }
        if (connector.config().equals(connect.config(connector.name()))) {
            System.out.println(connector.name() + ": registered already with this config");
        } else {
            connect.put(connector);
            System.out.println(connector.name() + ": registered from " + file);
        }
        return List.of();
    }

    /**
     * {@code call}, again after 1, 2, 4, 8, 16, 16… s while Connect accepts no connection or does
     * not answer in time (a worker still starting, or busy with a snapshot), until {@code timeout}.
     * Every step of it is safe to repeat: a repeated registration finds its config there already.
     */
    static <T> T retriedWhileUnreachable(String what, Duration timeout, Callable<T> call) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long backoffMillis = 1_000;
        while (true) {
            try {
                return call.call();
            } catch (UnreachableEndpointException e) {
                long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (leftMillis <= 0) {
                    throw new OpsException(what + ": Connect stayed unreachable for " + timeout.toSeconds() + " s: " + e.getMessage(), e);
                }
                long wait = Math.min(backoffMillis, leftMillis);
                System.out.printf("%s: %s; again in %d s%n", what, e.getMessage(), TimeUnit.MILLISECONDS.toSeconds(wait));
                Thread.sleep(wait);
                backoffMillis = Math.min(backoffMillis * 2, 16_000);
            }
        }
    }

    private Map<String, String> kafkaLogin(String connector) {
        Path file = kafkaSettingsDir.resolve(connector + ".properties");
        if (!Files.isRegularFile(file)) {
            throw new OpsException("no Kafka login for " + connector + ": " + file + " does not exist (--kafka-settings-dir)");
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new OpsException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> settings = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key)));
        return settings;
    }

    /** Null once the connector and every task run; why not, when one fails or the time is up. */
    private static String awaitRunning(ConnectClient connect, String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "not reported yet";
        while (System.nanoTime() < deadline) {
            ConnectorStatus status;
            try {
                status = connect.statuses().get(name);
            } catch (UnreachableEndpointException e) {
                last = e.getMessage(); // a busy or restarting worker: ask again until the deadline
                Thread.sleep(1_000);
                continue;
            }
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
