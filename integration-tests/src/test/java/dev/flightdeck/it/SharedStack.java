package dev.flightdeck.it;

import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.stack.driver.LocalStackDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real local stack for the whole integration-test run: started through the flightdeck
 * command (without the background simulator, so tests control the traffic) by the first test
 * class that needs it, on free loopback ports in a fresh data folder, and stopped when the run
 * ends. Tests reach its services through its cluster profile, as any ops tool does.
 */
public final class SharedStack implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {

    private static SharedStack instance;

    static {
        // Tests reuse HTTP connections across long pauses; drop them before the servers' 30 s idle close.
        System.setProperty("jdk.httpclient.keepalive.timeout", "10");
    }

    private final LocalStackDriver driver;
    private volatile long trafficLogFrom;

    private SharedStack(LocalStackDriver driver) {
        this.driver = driver;
    }

    /** Used as {@code @ExtendWith(SharedStack.class)}: JUnit makes one per class, all share the static instance. */
    public SharedStack() {
        this.driver = null;
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
        LocalStackDriver driver = new LocalStackDriver(LocalStackDriver.checkout(), dataDir, System.out);
        driver.up("--no-simulator");
        instance = new SharedStack(driver);
        return instance;
    }

    @Override
    public void close() {
        driver.down();
    }

    public LocalStackDriver driver() {
        return driver;
    }

    /**
     * The stack's profile with Kafka as its administrator: tests make, write and read topics of
     * their own. Read afresh each time: a service restarted by a test may have had to move to another port.
     */
    public ClusterProfile profile() {
        return driver.adminProfile();
    }

    /** The profile the stack gives its operators (Kafka as {@code flightdeck-ops}: describe and read). */
    public ClusterProfile opsProfile() {
        return driver.profile();
    }

    /** The application's MySQL account: it may only read and write rows. */
    public Connection app() throws SQLException {
        return profile().openMysql();
    }

    /** For DDL: MySQL's root account. */
    public Connection admin() throws SQLException {
        return driver.openMysqlAsRoot();
    }

    /** Where seat-availability serves health and metrics: its ops listener, apart from its API. */
    public String seatAvailabilityOpsUrl() {
        return opsUrl("seat-availability");
    }

    /** A Streams app's ops listener (health, metrics): {@code seat-availability} or {@code anomaly-detector}. */
    public String opsUrl(String app) {
        return "http://127.0.0.1:" + driver.status().path("services").path(app).path("ports").path("ops").asInt();
    }

    /** The search service's base URL (its page and API); from the status command, so read it once per test. */
    public String searchServiceUrl() {
        return "http://127.0.0.1:" + driver.status().path("services").path("search-service").path("ports").path("http").asInt();
    }

    /** The API key the search service generated for the local user. */
    public String searchApiKey() throws IOException {
        return Files.readString(driver.dataDir().resolve("search-service").resolve("api-key")).strip();
    }

    public void kill(String service) {
        driver.kill(service);
    }

    public void stop(String service) {
        driver.stop(service);
    }

    /** Starts a stopped or killed service again (up starts only what is not running). */
    public void start(String service) {
        driver.start(service);
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
            Path log = driver.logFile("simulator");
            trafficLogFrom = Files.exists(log) ? Files.size(log) : 0; // the log is appended to: earlier runs' lines do not count
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        driver.startSimulator(rate);
    }

    /** Waits until the running simulator's own statistics report {@code traffic} of running time. */
    public void awaitTraffic(Duration traffic) {
        Pattern stats = Pattern.compile("tx in (\\d+)\\.\\d s");
        Awaitility.await().atMost(traffic.plusMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            long seconds = -1;
            String log = Files.readString(driver.logFile("simulator"));
            Matcher m = stats.matcher(log.substring((int) Math.min(trafficLogFrom, log.length())));
            while (m.find()) {
                seconds = Long.parseLong(m.group(1)); // the newest statistics line wins
            }
            return seconds >= traffic.toSeconds();
        });
    }

    public void stopTraffic() {
        driver.stop("simulator");
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
