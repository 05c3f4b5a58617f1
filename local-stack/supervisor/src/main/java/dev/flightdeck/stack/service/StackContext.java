package dev.flightdeck.stack.service;

import dev.flightdeck.clients.BasicCredentials;
import dev.flightdeck.clients.TrustedCertificates;
import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackEndpoints;
import dev.flightdeck.stack.StackException;
import dev.flightdeck.stack.StackLayout;
import dev.flightdeck.stack.StackOptions;
import dev.flightdeck.stack.StackSecrets;
import dev.flightdeck.stack.process.StackState;
import dev.flightdeck.stack.tls.StackCertificates;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Everything a service needs to prepare, launch and check itself. */
public record StackContext(StackLayout layout, StackState state, StackSecrets secrets, StackOptions options,
                    Progress progress) {

    int port(ServiceId service, String name) {
        Integer port = state.port(service, name);
        if (port == null) {
            throw new StackException(service + " has no " + name + " port yet: start it first (./flightdeck up)");
        }
        return port;
    }

    public StackEndpoints endpoints() {
        return StackEndpoints.of(state, secrets);
    }

    /** A client of the stack's Connect worker, with the stack's REST credentials, trusting the stack's CA. */
    public ConnectClient connectClient() {
        return new ConnectClient(endpoints().connectUrl(), connectCredentials(), TrustedCertificates.fromPem(certificates().caPem()));
    }

    /** The stack's certificate authority, made at the first call. */
    public StackCertificates certificates() {
        return StackCertificates.loadOrCreate(layout.tlsDir(), secrets.tlsKeystorePassword());
    }

    public BasicCredentials connectCredentials() {
        return new BasicCredentials(secrets.connectUser(), secrets.connectPassword());
    }

    public Path serviceDir(ServiceId id) {
        return layout.serviceDir(id);
    }

    /** The JVM this CLI runs on: every Java service runs on the same one (the launcher picked a JDK ≥ 21). */
    public static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * The Prometheus JMX exporter agent serving this JVM's metrics on its {@code metrics} port, with
     * the rules of {@code dashboards/jmx-exporter/CONFIG}.
     */
    public String jmxExporterAgent(ServiceId id, String config) {
        return "-javaagent:" + layout.jmxExporterAgent() + "=127.0.0.1:" + port(id, "metrics") + ":"
                + layout.dashboards().resolve("jmx-exporter").resolve(config);
    }

    /** The start of a Java service's command line: heap, JIT thresholds, quieter JDK warnings, and its folder as a marker. */
    public List<String> javaCommand(ServiceId id, String heap) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.add("-Xms" + heap);
        cmd.add("-Xmx" + heap);
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dflightdeck.service.dir=" + serviceDir(id));
        cmd.add("-Dflightdeck.service=" + id.key()); // the "service" of each JSON log line (logging/FlightdeckLayout.json)
        cmd.add("--enable-native-access=ALL-UNNAMED"); // compression codecs and RocksDB load native code
        // A JVM out of memory is in an unknown state: it ends, and up starts it again.
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        // Start-up runs much code a few thousand times and never again, which C2 would compile; with
        // three times the invocations per tier it stays with C1, and code hot under load still reaches C2.
        cmd.add("-XX:CompileThresholdScaling=3");
        if (Runtime.version().feature() >= 23) {
            // kafka-clients still uses sun.misc.Unsafe; the JDK's warning about it is noise here.
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        return cmd;
    }

    /**
     * A Java program's class path and main class, behind a class-data sharing archive (see
     * {@link #classDataArchive}) when the class path holds jars only: the JVM refuses to archive
     * classes from folders.
     */
    public List<String> javaProgram(String classpath, String mainClass) {
        List<String> cmd = new ArrayList<>(jarsOnly(classpath) ? classDataArchive(mainClass) : List.of());
        cmd.addAll(List.of("-cp", classpath, mainClass));
        return cmd;
    }

    /**
     * The JVM flags of a program's class-data sharing archive: the JVM writes the classes the
     * program loaded to {@code target/class-data/PROGRAM.jsa} when it first ends, and maps them at
     * every later start instead of loading, parsing and verifying them again. A changed class path
     * or JDK makes the JVM write the archive afresh.
     */
    public List<String> classDataArchive(String program) {
        Path archives = layout.classDataDir();
        try {
            Files.createDirectories(archives);
        } catch (IOException e) {
            progress.note("  no class-data archive for " + program + ": " + e.getMessage());
            return List.of();
        }
        return List.of("-XX:SharedArchiveFile=" + archives.resolve(program + ".jsa"), "-XX:+AutoCreateSharedArchive",
                // The JMX exporter agent only reads MBeans; it changes no class the archive holds.
                "-XX:+UnlockDiagnosticVMOptions", "-XX:+AllowArchivingWithJavaAgent",
                "-Xlog:cds*=off"); // classes it cannot archive (proxies, JFR events) are not news for the service's log
    }

    private static boolean jarsOnly(String classpath) {
        return Arrays.stream(classpath.split(File.pathSeparator)).allMatch(entry -> !Files.isDirectory(Path.of(entry)));
    }
}
