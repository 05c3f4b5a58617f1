package dev.flightdeck.ops.cli;

import dev.flightdeck.clients.ClusterProfile.Service;
import dev.flightdeck.clients.ClusterProfile;
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

    @Option(names = "--kafka-settings-dir", paramLabel = "DIR",
            description = "A folder of Kafka logins, one per connector: DIR/NAME.properties holds the Kafka client settings "
                    + "(security.protocol, sasl.mechanism, sasl.jaas.config, ssl.truststore.*) of connector NAME, as its "
                    + "workers resolve them (a password as a $${dir:...} or $${file:...} reference). A sink logs in with them "
                    + "through Connect's client overrides; Debezium's schema-history clients take them all.")
    Path kafkaSettingsDir;

    @Override
    public Integer call() throws Exception {
        ClusterProfile profile = profileOption.profile();
        profile.requireReachable(Service.CONNECT);
        ConnectClient connect = profile.connect();
        for (Path file : files) {
            ConnectorFile connector = ConnectorFile.read(file);
            if (kafkaSettingsDir != null) {
                ConnectorKafkaLogin.apply(connector.config(), kafkaLogin(connector.name()));
            }
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
