package dev.flightdeck.stack;

import dev.flightdeck.clients.Secrets;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Passwords of this stack's database users (the application, Debezium, the metrics exporter), of
 * Redis, of Connect's REST API and of the registry's users (ops, capture, the Streams apps), made at
 * the first {@code up} and kept in a file only its owner can read. The database and Redis ones reach the Connect worker as environment variables, and
 * connector configs refer to them through Kafka's {@code env} config provider, never inline.
 */
public record StackSecrets(String mysqlRootPassword, String mysqlAppUser, String mysqlAppPassword,
                           String mysqlCdcUser, String mysqlCdcPassword, String redisPassword,
                           String mysqlMonitorUser, String mysqlMonitorPassword,
                           String connectUser, String connectPassword,
                           String registryOpsUser, String registryOpsPassword,
                           String registryCaptureUser, String registryCapturePassword,
                           String registryStreamsUser, String registryStreamsPassword) {

    public static StackSecrets loadOrCreate(Path file) {
        try {
            Properties p = new Properties();
            if (Files.exists(file)) {
                // Refused, as ssh refuses a key, while anyone but its owner may read or change it.
                p.load(new StringReader(Secrets.readPrivateFile(file, "the local stack's secrets")));
            }
            boolean changed = false;
            changed |= p.putIfAbsent("mysql.root.password", randomPassword()) == null;
            changed |= p.putIfAbsent("mysql.app.user", "flightdeck_app") == null;
            changed |= p.putIfAbsent("mysql.app.password", randomPassword()) == null;
            changed |= p.putIfAbsent("mysql.cdc.user", "flightdeck_cdc") == null;
            changed |= p.putIfAbsent("mysql.cdc.password", randomPassword()) == null;
            // Added after the first stacks were made: a stack from before gets one at its next up.
            changed |= p.putIfAbsent("redis.password", randomPassword()) == null;
            changed |= p.putIfAbsent("mysql.monitor.user", "flightdeck_monitor") == null;
            changed |= p.putIfAbsent("mysql.monitor.password", randomPassword()) == null;
            changed |= p.putIfAbsent("connect.user", "flightdeck-ops") == null;
            changed |= p.putIfAbsent("connect.password", randomPassword()) == null;
            changed |= p.putIfAbsent("registry.ops.user", "flightdeck-ops") == null;
            changed |= p.putIfAbsent("registry.ops.password", randomPassword()) == null;
            changed |= p.putIfAbsent("registry.capture.user", "flightdeck-capture") == null;
            changed |= p.putIfAbsent("registry.capture.password", randomPassword()) == null;
            changed |= p.putIfAbsent("registry.streams.user", "flightdeck-streams") == null;
            changed |= p.putIfAbsent("registry.streams.password", randomPassword()) == null;
            if (changed) {
                store(file, p);
            }
            return new StackSecrets(p.getProperty("mysql.root.password"), p.getProperty("mysql.app.user"),
                    p.getProperty("mysql.app.password"), p.getProperty("mysql.cdc.user"),
                    p.getProperty("mysql.cdc.password"), p.getProperty("redis.password"),
                    p.getProperty("mysql.monitor.user"), p.getProperty("mysql.monitor.password"),
                    p.getProperty("connect.user"), p.getProperty("connect.password"),
                    p.getProperty("registry.ops.user"), p.getProperty("registry.ops.password"),
                    p.getProperty("registry.capture.user"), p.getProperty("registry.capture.password"),
                    p.getProperty("registry.streams.user"), p.getProperty("registry.streams.password"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    private static void store(Path file, Properties p) throws IOException {
        Files.createDirectories(file.getParent(),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "Flightdeck local stack secrets (generated; keep private)");
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return "Fd-" + HexFormat.of().formatHex(bytes);
    }
}
