package dev.flightdeck.stack.service;

import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackException;
import dev.flightdeck.stack.process.HealthCheck;
import dev.flightdeck.stack.process.ServiceProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * One service of the local stack: the ports it needs, how its data folder is prepared, how it is
 * launched and checked, and what is done once it is healthy (migrations, connector registration).
 */
public abstract class LocalService {

    /** A port a service listens on, and the {@code up} flag that sets it. */
    public record PortSpec(String name, String flag) {
    }

    public abstract ServiceId id();

    public abstract List<PortSpec> ports();

    /** Services that must be running before this one starts. */
    public List<ServiceId> requires() {
        return List.of();
    }

    /**
     * Services an {@code up} brings up before launching this one; the rest start beside it. By
     * default all it requires; fewer for a service that waits for what it lacks by itself, more for
     * one whose config is given another service's address.
     */
    public List<ServiceId> launchesAfter() {
        return requires();
    }

    /**
     * Whether its {@link #afterReady} waits for the capture's snapshot: a service that reports
     * having caught up with the CDC topics must not do so while the snapshot is still writing them.
     */
    public boolean settlesAfterSnapshot() {
        return false;
    }

    /** Services whose {@code up} must be over before its {@link #afterReady} begins (what it catches up with). */
    public List<ServiceId> settlesAfter() {
        return List.of();
    }

    /** Whether an {@code up} launches it only once everything else, connectors included, is up. */
    public boolean startsLast() {
        return false;
    }

    /** Prepares the data folder (first run: initialise it); returns a short note for the user, or "". */
    public String prepare(StackContext ctx) throws Exception {
        return "";
    }

    public abstract ServiceProcess.Launch launch(StackContext ctx);

    /**
     * Why a running instance must be restarted by {@code up}, or null when it need not: a service
     * it talks to came back on another port after a crash, and the running process still has the
     * old address.
     */
    public String outdated(StackContext ctx) {
        return null;
    }

    public abstract HealthCheck health(StackContext ctx);

    /**
     * Runs after every {@code up}, whether the service was started now or was already running, so
     * it must be idempotent (migrations, registering connectors). Returns a short note, or "".
     */
    public String afterReady(StackContext ctx) throws Exception {
        return "";
    }

    /** Text that appears in the service's command line and nowhere else: its own folder. */
    public String marker(StackContext ctx) {
        return ctx.serviceDir(id()).toString();
    }

    public Duration startTimeout() {
        return Duration.ofMinutes(2);
    }

    public Duration stopGrace() {
        return Duration.ofSeconds(30);
    }

    /** "127.0.0.1:3306" or "127.0.0.1:9092, controller 9093", for progress lines. */
    public String describePorts(StackContext ctx) {
        StringBuilder text = new StringBuilder("127.0.0.1:");
        List<PortSpec> specs = ports();
        for (int i = 0; i < specs.size(); i++) {
            int port = ctx.port(id(), specs.get(i).name());
            text.append(i == 0 ? String.valueOf(port) : ", " + specs.get(i).name() + " " + port);
        }
        return specs.isEmpty() ? "" : text.toString();
    }

    /** Writes a file only the owner can read (created so before anything is written to it). */
    static Path privateFile(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new StackException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The registry user the Streams apps register their output schemas as, its password in a file of the app's own. */
    static void registryWriter(StackContext ctx, ServiceId app, Properties config) {
        Path password = privateFile(ctx.serviceDir(app).resolve("registry.password"), ctx.secrets().registryStreamsPassword());
        config.setProperty("schema.registry.user", ctx.secrets().registryStreamsUser());
        config.setProperty("schema.registry.password.file", password.toString());
    }

    /** Hex SHA-256 of {@code text}: how Redis's ACL file and the registry's users hold passwords. */
    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
