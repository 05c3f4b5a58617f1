package dev.flightdeck.stack.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.clients.ScramLogin;
import dev.flightdeck.ops.status.SinkCounters;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * A local stack in a folder of its own, driven through the {@code flightdeck} command as a person
 * would drive it: each call runs the built launcher in a JVM of its own with {@code --data-dir},
 * shows its output, and fails with the end of it when the command fails. What the stack offers
 * beyond that (its addresses, credentials) is read from the files it writes: its cluster profile
 * and its secrets.
 */
public final class LocalStackDriver {

    /** A finished command: its exit status and everything it printed. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(20);

    private final Path home;
    private final Path dataDir;
    private final PrintStream console;

    /**
     * @param home    the Flightdeck checkout whose built launcher runs the stack
     * @param dataDir the stack's own folder
     * @param console where the commands' output is shown as it comes (test or benchmark output)
     */
    public LocalStackDriver(Path home, Path dataDir, PrintStream console) {
        this.home = home.toAbsolutePath().normalize();
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.console = console;
    }

    /** The checkout from the {@code flightdeck.home} system property (the launcher and the test setup set it). */
    public static Path checkout() {
        String home = System.getProperty("flightdeck.home");
        return Path.of(home != null ? home : ".").toAbsolutePath().normalize();
    }

    public Path home() {
        return home;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** {@code flightdeck up ARGS}: starts (or resumes) services and returns once they are healthy. */
    public void up(String... args) {
        up(line -> { }, args);
    }

    /** The same, handing each line {@code up} prints to {@code eachLine} as it comes (progress, timings). */
    public void up(Consumer<String> eachLine, String... args) {
        List<String> command = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "up"));
        command.addAll(List.of(args));
        Result result = launch(true, null, command, eachLine);
        if (!result.ok()) {
            throw failed(command, result);
        }
    }

    /** Starts only these services (e.g. after a test stopped or killed them). */
    public void start(String... services) {
        up("--services", String.join(",", services));
    }

    /** Starts the booking simulator at {@code rate} transactions per second. */
    public void startSimulator(double rate) {
        up("--services", "simulator", "--rate", String.valueOf(rate));
    }

    public void stop(String service) {
        runOrFail("stop", service);
    }

    /** SIGKILL: the service gets no chance to flush or commit anything. */
    public void kill(String service) {
        runOrFail("kill", service);
    }

    public void down() {
        runOrFail("down");
    }

    /** {@code status --json}. */
    public JsonNode status() {
        Result result = runOrFail(false, "status", "--json");
        try {
            return JSON.readTree(result.output().substring(result.output().indexOf('{')));
        } catch (IOException | StringIndexOutOfBoundsException e) {
            throw new IllegalStateException("status --json did not print a JSON document: " + result.output(), e);
        }
    }

    /** The state of each service ("running", "stopped", "dead", "not started"), from {@code status --json}. */
    public Map<String, String> serviceStates() {
        Map<String, String> states = new TreeMap<>();
        status().path("services").properties().forEach(e -> states.put(e.getKey(), e.getValue().path("state").asText()));
        return states;
    }

    /** What each sink connector wrote since its task started, from {@code status --json}. */
    public SinkCounters sinkCounters() {
        JsonNode status = status();
        Map<String, Long> written = new TreeMap<>();
        Map<String, Long> skipped = new TreeMap<>();
        status.path("connectors").properties().forEach(e -> {
            if (e.getValue().has("flightVersionsWritten")) {
                written.put(e.getKey(), e.getValue().path("flightVersionsWritten").asLong());
                skipped.put(e.getKey(), e.getValue().path("flightVersionsSkippedAsNotNewer").asLong());
            }
        });
        if (written.isEmpty()) {
            throw new IllegalStateException("status --json shows no sink counters (is Connect running?): " + status.path("connectors"));
        }
        return new SinkCounters(status.path("services").path("connect").path("pid").asLong(), written, skipped);
    }

    /** The stack's cluster profile, read afresh: a service restarted elsewhere may have had to move to another port. */
    public ClusterProfile profile() {
        return ClusterProfile.load(profileFile());
    }

    /**
     * The same profile with Kafka as the stack's administrator (TLS with its client certificate, a
     * super user): for tests and benchmarks that make, write and read topics of their own.
     */
    public ClusterProfile adminProfile() {
        return ClusterProfile.load(dataDir.resolve("flightdeck-admin.properties"));
    }

    /**
     * A Kafka user of its own for a sink connector a test or benchmark registers: it reads
     * {@code topics} as the connector's group and writes (and makes) {@code deadLetters}, nothing
     * else. Returns the connector settings that log the connector's clients in as that user (its
     * password in a mode-600 file the worker resolves); none on a stack started with {@code --insecure}.
     */
    public Map<String, String> sinkConnectorUser(String connector, List<String> topics, String deadLetters) {
        ClusterProfile ops = profile();
        if (!"SASL_SSL".equals(ops.kafkaClientConfig().get("security.protocol"))) {
            return Map.of();
        }
        String user = "flightdeck-test-" + connector;
        byte[] random = new byte[12];
        new java.security.SecureRandom().nextBytes(random);
        String password = java.util.HexFormat.of().formatHex(random);
        Path passwordDir = dataDir.resolve("secrets").resolve("kafka");
        Path passwordFile = passwordDir.resolve(user + ".password");
        List<AclBinding> acls = new ArrayList<>();
        java.util.function.BiConsumer<ResourcePattern, AclOperation> allow = (pattern, operation) -> acls.add(new AclBinding(pattern,
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
        topics.forEach(topic -> allow.accept(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), AclOperation.READ));
        allow.accept(new ResourcePattern(ResourceType.GROUP, "connect-" + connector, PatternType.LITERAL), AclOperation.READ);
        for (AclOperation operation : List.of(AclOperation.CREATE, AclOperation.WRITE, AclOperation.DESCRIBE)) {
            allow.accept(new ResourcePattern(ResourceType.TOPIC, deadLetters, PatternType.LITERAL), operation);
        }
        try (Admin admin = adminProfile().admin()) {
            Files.writeString(Files.createFile(passwordFile, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))), password);
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password))).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the Kafka user " + user + ": " + e.getMessage(), e);
        }
        String jaas = ScramLogin.jaasConfig(user, "${dir:" + passwordDir + ":" + passwordFile.getFileName() + "}");
        Map<String, String> settings = new TreeMap<>();
        for (String client : List.of("consumer", "producer", "admin")) {
            settings.put(client + ".override.sasl.jaas.config", jaas);
        }
        return settings;
    }

    /** The file of the stack's cluster profile, which every ops command takes with --config. */
    public Path profileFile() {
        return dataDir.resolve("flightdeck.properties");
    }

    public Path logFile(String service) {
        return dataDir.resolve(service).resolve(service + ".log");
    }

    /** MySQL's root account, for DDL and schema migrations (the profile's user may only read and write rows). */
    public Connection openMysqlAsRoot() throws SQLException {
        return DriverManager.getConnection(profile().mysqlJdbcUrl(), "root", mysqlRootPassword());
    }

    /** The root password the stack generated, from its secrets file. */
    public String mysqlRootPassword() {
        Properties secrets = new Properties();
        try (Reader reader = Files.newBufferedReader(dataDir.resolve("secrets").resolve("stack-secrets.properties"))) {
            secrets.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("the stack's secrets in " + dataDir + " cannot be read", e);
        }
        return secrets.getProperty("mysql.root.password");
    }

    /** Any flightdeck command on this stack, e.g. {@code run("reconcile", "--strict")}; its output is shown and returned. */
    public Result run(String... args) {
        return run(true, args);
    }

    /**
     * A flightdeck command run the way a person elsewhere runs it: in {@code workingDir}, without
     * naming this stack's folder (an ops command then needs --config).
     */
    public Result runElsewhere(Path workingDir, String... args) {
        return launch(true, workingDir, List.of(args), line -> { });
    }

    private Result runOrFail(String... args) {
        return runOrFail(true, args);
    }

    private Result runOrFail(boolean show, String... args) {
        Result result = run(show, args);
        if (!result.ok()) {
            throw failed(List.of(args), result);
        }
        return result;
    }

    private static IllegalStateException failed(List<String> args, Result result) {
        String output = result.output();
        return new IllegalStateException("flightdeck " + String.join(" ", args) + " exited with " + result.exitCode() + ":\n"
                + output.substring(Math.max(0, output.length() - 4000)));
    }

    private Result run(boolean show, String... args) {
        List<String> withStack = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        withStack.addAll(List.of(args));
        return launch(show, null, withStack, line -> { });
    }

    private Result launch(boolean show, Path workingDir, List<String> args, Consumer<String> eachLine) {
        // The same class-data archive as the flightdeck script's: most of a command's class loading is mapped, not redone.
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Dflightdeck.home=" + home,
                "-XX:SharedArchiveFile=" + home.resolve("target/class-data/" + CLI_MAIN + ".jsa"), "-XX:+AutoCreateSharedArchive",
                "-Xlog:cds*=off", "-cp", launcherClasspath(), CLI_MAIN));
        command.addAll(args);
        if (Runtime.version().feature() >= 23) {
            command.add(1, "--sun-misc-unsafe-memory-access=allow");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workingDir != null) {
            builder.directory(workingDir.toFile());
        }
        builder.environment().put("CI", "true"); // progress as lines, not a redrawn terminal line
        // What an ops command keeps between runs (rules an interrupted schema allow must restore) stays with this stack.
        builder.environment().put("FLIGHTDECK_STATE_DIR", dataDir.resolve("ops-state").toString());
        try {
            Process process = builder.start();
            StringBuilder output = new StringBuilder();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.append(line).append('\n');
                    eachLine.accept(line);
                    if (show) {
                        console.println(line);
                    }
                }
            }
            if (!process.waitFor(COMMAND_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("flightdeck " + String.join(" ", args) + " did not end within " + COMMAND_TIMEOUT);
            }
            return new Result(process.exitValue(), output.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run flightdeck " + String.join(" ", args), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running flightdeck " + String.join(" ", args), e);
        }
    }

    private static final String CLI_MAIN = "dev.flightdeck.launcher.FlightdeckCli";

    private String launcherClasspath() {
        Path target = home.resolve("launcher/target");
        Path classpath = target.resolve("runtime-classpath.txt");
        if (!Files.isRegularFile(classpath)) {
            throw new IllegalStateException(classpath + " is missing: build the launcher first (./flightdeck build)");
        }
        try {
            Files.createDirectories(home.resolve("target/class-data")); // the JVM writes the archive there, but makes no folder
            try (var files = Files.list(target)) {
                Path jar = files.filter(f -> {
                    String name = f.getFileName().toString();
                    return name.startsWith("flightdeck-launcher-") && name.endsWith(".jar") && !name.endsWith("-sources.jar")
                            && !name.endsWith("-tests.jar");
                }).findFirst().orElseThrow(() -> new IllegalStateException(target + " holds no launcher jar: build it first (./flightdeck build)"));
                return jar + File.pathSeparator + Files.readString(classpath).trim();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
