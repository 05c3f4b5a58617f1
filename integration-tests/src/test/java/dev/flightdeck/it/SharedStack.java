package dev.flightdeck.it;

import dev.flightdeck.stack.LocalStack;
import dev.flightdeck.stack.Progress;
import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackEndpoints;
import dev.flightdeck.stack.StackLayout;
import dev.flightdeck.stack.StackOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real local stack for the whole integration-test run: started (without the background
 * simulator, so tests control the traffic) by the first test class that needs it, on free
 * loopback ports in a fresh data folder, and stopped when the run ends.
 */
public final class SharedStack implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {

    private static SharedStack instance;

    static {
        // Tests reuse HTTP connections across long pauses; drop them before the servers' 30 s idle close.
        System.setProperty("jdk.httpclient.keepalive.timeout", "10");
    }

    private final LocalStack stack;
    private volatile long trafficLogFrom;

    private SharedStack(LocalStack stack) {
        this.stack = stack;
    }

    /** Used as {@code @ExtendWith(SharedStack.class)}: JUnit makes one per class, all share the static instance. */
    public SharedStack() {
        this.stack = null;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedStack.class, k -> start(), SharedStack.class);
    }

    public static synchronized SharedStack get() {
        if (instance == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(SharedStack.class)");
        }
        return instance;
    }

    private static synchronized SharedStack start() {
        Path dataDir = Path.of(System.getProperty("flightdeck.it.dataDir", "target/it-stack"));
        deleteRecursively(dataDir);
        LocalStack stack = new LocalStack(new StackLayout(StackLayout.defaultHome(), dataDir));
        stack.up(StackOptions.withoutSimulator(), Progress.console(System.out));
        instance = new SharedStack(stack);
        return instance;
    }

    @Override
    public void close() {
        stack.down(Progress.console(System.out));
    }

    public LocalStack stack() {
        return stack;
    }

    /** Read afresh each time: a service restarted by a test may have had to move to another port. */
    public StackEndpoints endpoints() {
        return stack.endpoints();
    }

    public Connection app() throws SQLException {
        StackEndpoints.Mysql mysql = endpoints().mysql();
        return DriverManager.getConnection(mysql.jdbcUrl(), mysql.user(), mysql.password());
    }

    /**
     * Runs the booking simulator at {@code rate} transactions/s until its own statistics report
     * {@code traffic} of running time, then stops it (whatever it committed stays committed).
     */
    public void simulateTraffic(double rate, Duration traffic) {
        startTraffic(rate);
        try {
            awaitTraffic(traffic);
        } finally {
            stopTraffic();
        }
    }

    /** Starts the booking simulator at {@code rate} transactions/s, in the background. */
    public void startTraffic(double rate) {
        try {
            Path log = stack.layout().logFile(ServiceId.SIMULATOR);
            trafficLogFrom = Files.exists(log) ? Files.size(log) : 0; // the log is appended to: earlier runs' lines do not count
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        stack.up(StackOptions.only(EnumSet.of(ServiceId.SIMULATOR)).withSimulatorRate(rate), Progress.console(System.out));
    }

    /** Waits until the running simulator's own statistics report {@code traffic} of running time. */
    public void awaitTraffic(Duration traffic) {
        Pattern stats = Pattern.compile("tx in (\\d+)\\.\\d s");
        Awaitility.await().atMost(traffic.plusMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            long seconds = -1;
            String log = Files.readString(stack.layout().logFile(ServiceId.SIMULATOR));
            Matcher m = stats.matcher(log.substring((int) Math.min(trafficLogFrom, log.length())));
            while (m.find()) {
                seconds = Long.parseLong(m.group(1)); // the newest statistics line wins
            }
            return seconds >= traffic.toSeconds();
        });
    }

    public void stopTraffic() {
        stack.stop(ServiceId.SIMULATOR, Progress.console(System.out));
    }

    /** For DDL: the application user may only read and write rows. */
    public Connection admin() throws SQLException {
        StackEndpoints.Mysql mysql = endpoints().mysql();
        return DriverManager.getConnection(mysql.jdbcUrl(), mysql.adminUser(), mysql.adminPassword());
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
