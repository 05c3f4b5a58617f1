package dev.flightdeck.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.stack.driver.LocalStackDriver;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ops commands as a data engineer runs them against a cluster: from a folder outside the
 * checkout, with nothing but a cluster profile naming the services (here the test stack's), and a
 * one-line error naming the key when an address is wrong.
 */
@ExtendWith(SharedStack.class)
class OpsCommandsIT {

    private final SharedStack stack = SharedStack.get();

    @TempDir
    Path elsewhere;

    private Path profile;

    /** The stack's profile, copied with its password file into a folder of its own. */
    @BeforeEach
    void copyProfile() throws Exception {
        Properties values = load(stack.driver().profileFile());
        Path password = elsewhere.resolve("mysql.password");
        Files.copy(Path.of(values.getProperty("mysql.password.file")), password);
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        values.setProperty("mysql.password.file", password.toString());
        profile = write("cluster.properties", values);
    }

    @Test
    void shouldReconcileReadAlertsAndCheckASchemaChangeGivenOnlyTheProfile() {
        LocalStackDriver.Result reconcile = run("reconcile", "--config", profile.toString());
        assertThat(reconcile.exitCode()).as(reconcile.output()).isZero();
        assertThat(reconcile.output()).contains("No drift.").doesNotContain("skipped:");

        LocalStackDriver.Result alerts = run("alerts", "--config", profile.toString(), "--since", "1h");
        assertThat(alerts.exitCode()).as(alerts.output()).isZero();

        LocalStackDriver.Result check = run("schema", "check", "--config", profile.toString(),
                "ALTER TABLE passenger ADD COLUMN ops_check VARCHAR(8) NULL");
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("cdc.flights.passenger-value: accepted by the registry's rule", "Safe to run.");

        LocalStackDriver.Result connectors = run("connectors", "--config", profile.toString());
        assertThat(connectors.exitCode()).as(connectors.output()).isZero();
        assertThat(connectors.output()).contains("debezium-mysql-flights", "redis-sink-flights", "elasticsearch-sink-flights");

        LocalStackDriver.Result status = run("status", "--config", profile.toString());
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("Kafka Connect", "connect.url").doesNotContain("NO:");
    }

    @Test
    void shouldNameAnUnreachableServiceAndItsKeyInOneLineWithinSeconds() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Properties values = load(profile);
        values.setProperty("connect.url", "http://127.0.0.1:" + closed);
        Path wrongConnect = write("wrong-connect.properties", values);
        assertFailsFastNaming(List.of("schema", "check", "--config", wrongConnect.toString(), "ALTER TABLE passenger ADD x INT NULL"),
                "Kafka Connect at http://127.0.0.1:" + closed + " (connect.url of " + wrongConnect + ") is unreachable");

        values = load(profile);
        values.setProperty("bootstrap.servers", "127.0.0.1:" + closed);
        Path wrongKafka = write("wrong-kafka.properties", values);
        assertFailsFastNaming(List.of("alerts", "--config", wrongKafka.toString(), "--since", "1h"),
                "Kafka at 127.0.0.1:" + closed + " (bootstrap.servers of " + wrongKafka + ") is unreachable");
    }

    @Test
    void shouldNameAnUnknownKeyOfTheProfile() throws Exception {
        Properties values = load(profile);
        values.setProperty("conect.url", values.getProperty("connect.url"));
        Path typo = write("typo.properties", values);
        assertFailsFastNaming(List.of("reconcile", "--config", typo.toString()), "unknown key conect.url in " + typo);
    }

    private void assertFailsFastNaming(List<String> command, String message) {
        long start = System.nanoTime();
        LocalStackDriver.Result result = run(command.toArray(String[]::new));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        List<String> errors = result.output().lines().filter(line -> line.startsWith("flightdeck: ")).toList();
        assertThat(errors).as(result.output()).hasSize(1);
        assertThat(errors.getFirst()).contains(message);
        System.out.printf("%s: failed in %d ms: %s%n", String.join(" ", command), took.toMillis(), errors.getFirst());
        assertThat(took).as("named within seconds, not after a client's retries").isLessThan(Duration.ofSeconds(15));
    }

    private LocalStackDriver.Result run(String... args) {
        return stack.driver().runElsewhere(elsewhere, args);
    }

    private static Properties load(Path file) throws Exception {
        Properties values = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            values.load(reader);
        }
        return values;
    }

    private Path write(String name, Properties values) throws Exception {
        Path file = elsewhere.resolve(name);
        try (var writer = Files.newBufferedWriter(file)) {
            values.store(writer, null);
        }
        return file;
    }
}
