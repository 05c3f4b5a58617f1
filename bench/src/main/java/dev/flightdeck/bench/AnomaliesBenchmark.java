package dev.flightdeck.bench;

import static dev.flightdeck.bench.BenchSupport.round;
import static dev.flightdeck.bench.MarkdownTable.count;
import static dev.flightdeck.bench.MarkdownTable.ms;
import static dev.flightdeck.bench.MarkdownTable.percent;

import dev.flightdeck.anomalies.AnomalyDetectorApp;
import dev.flightdeck.anomalies.AnomalyDetectorConfig;
import dev.flightdeck.bench.TopicPasses.Pass;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.database.BookingSimulator;
import dev.flightdeck.database.FaultReport;
import dev.flightdeck.database.FlightDatabase;
import dev.flightdeck.database.SimulatorConfig;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.ops.kafka.ConsumerLag;
import dev.flightdeck.stack.driver.LocalStackDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * anomaly-detector's numbers on a stack of its own (with the background simulator, whose traffic
 * closes event-time windows). Detection delay: faults injected one at a time, each timed from its
 * commit to its alert on the anomalies topic (detectedAt). Throughput: after a burst of booking
 * changes, a plain consumer and the detector topology (in this JVM, fresh application id and
 * output topic) read the detector's input topics from the start.
 */
@Command(name = "anomalies", mixinStandardHelpOptions = true,
        description = "anomaly-detector: detection delay per detector (fault commit → alert) and throughput next to a plain consumer.")
final class AnomaliesBenchmark implements Callable<Integer> {

    static final List<String> INPUT_TOPICS = List.of("cdc.flights.booking", "cdc.flights.flight", "cdc", "flight-availability");
    private static final String ANOMALIES = "anomalies";
    private static final Duration ALERT_TIMEOUT = Duration.ofSeconds(30);
    /** A window's verdict waits for its end, the grace period and later traffic. */
    private static final Duration WINDOW_ALERT_TIMEOUT = Duration.ofMinutes(3);

    @Option(names = "--rounds", defaultValue = "10",
            description = "Overbookings, fare spikes and DDL statements injected, each (default: ${DEFAULT-VALUE}).")
    int rounds;
    @Option(names = "--window-rounds", defaultValue = "2",
            description = "Booking bursts and cancellation bursts injected, each; every one waits for its window to close "
                    + "(default: ${DEFAULT-VALUE}).")
    int windowRounds;
    @Option(names = "--changes", defaultValue = "100000",
            description = "Booking changes in the throughput burst: half new holds, half confirmations (default: ${DEFAULT-VALUE}).")
    int changes;
    @Mixin
    BenchStack benchStack;

    private final Progress console = Progress.console(System.out);
    private final String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Integer call() throws Exception {
        LocalStackDriver stack = benchStack.wiped(console);
        console.note("[1/4] a stack of its own: MySQL, Kafka, the registry, Connect, seat-availability, anomaly-detector, simulator");
        stack.up("--services", "mysql,kafka,schema-registry,connect,seat-availability,anomaly-detector,simulator");
        ClusterProfile endpoints = stack.adminProfile();
        Path work = Files.createTempDirectory("flightdeck-bench-anomalies");
        try (Admin admin = endpoints.admin()) {
            console.note(String.format(Locale.ROOT, "[2/4] detection delay: %d overbookings, fare spikes and DDL statements, "
                    + "%d booking and cancellation bursts, one at a time", rounds, windowRounds));
            Map<String, Delays> delays = detectionDelays(stack, endpoints);

            console.note(String.format(Locale.ROOT, "[3/4] throughput input: %,d booking changes, then the stack's detector catches up",
                    changes));
            stack.stop("simulator"); // it would expire the burst's holds before they are confirmed
            try (BookingWorkload workload = new BookingWorkload(endpoints)) {
                workload.burst(changes, console, "burst", committed -> String.format(Locale.ROOT, "%,d of %,d committed",
                        committed, changes));
            }
            awaitCaughtUp(admin, "seat-availability", AvailabilityBenchmark.INPUT_TOPICS);
            awaitCaughtUp(admin, "anomaly-detector", INPUT_TOPICS);

            console.note("[4/4] throughput: a plain consumer, a minimal exactly-once aggregate, then the detector topology, "
                    + "over the same input from the start");
            TopicPasses passes = new TopicPasses(endpoints, INPUT_TOPICS, console);
            Pass plain = passes.plainConsumer();
            Pass minimal = passes.minimalAggregate(admin, run + "-minimal", work.resolve("minimal"), plain.records(), 1);
            Pass topology;
            try (AnomalyDetectorApp app = new AnomalyDetectorApp(new AnomalyDetectorConfig(appSettings(endpoints, work)))) {
                topology = passes.streams("anomaly-detector topology", admin, run + "-anomaly-detector", plain.records(), app::start,
                        app::streams);
            }
            Report report = new Report(LocalDateTime.now().toString(), Runtime.getRuntime().availableProcessors(), delays, plain,
                    minimal, topology, round(100.0 * topology.recordsPerSecond() / plain.recordsPerSecond()),
                    round(100.0 * topology.recordsPerSecond() / minimal.recordsPerSecond()));
            benchStack.report("anomalies").write(report, markdown(report), console);
        } finally {
            BenchSupport.wipe(work);
            benchStack.finish(stack);
        }
        return 0;
    }

    // --- Detection delay -------------------------------------------------------------------------

    /**
     * Milliseconds from a fault's last commit to its alert: raised (detectedAt, the detector's
     * clock) and readable (arrived at a read_committed consumer, after the detector's transaction
     * committed), per alert kind; missed: no alert in time.
     */
    record Delays(Percentiles raised, Percentiles readable, int missed) {
    }

    /** An alert and when it arrived here. */
    private record Arrived(GenericRecord alert, long atMillis) {
    }

    /** The delays of one alert kind's detected faults. */
    private record Detected(LatencyRecorder raised, LatencyRecorder readable) {
        Detected() {
            this(LatencyRecorder.inMillis(), LatencyRecorder.inMillis());
        }
    }

    private Map<String, Delays> detectionDelays(LocalStackDriver stack, ClusterProfile endpoints) throws Exception {
        ConcurrentLinkedQueue<Arrived> alerts = new ConcurrentLinkedQueue<>();
        Map<String, Detected> detected = new LinkedHashMap<>();
        Map<String, Integer> missed = new HashMap<>();
        DataSource app = FlightDatabase.dataSource(endpoints.mysqlJdbcUrl(), endpoints.mysqlUser(), endpoints.mysqlPassword());
        try (Arrivals arrivals = new Arrivals(endpoints, List.of(ANOMALIES), a -> alerts.add(new Arrived(a.value(), a.atMillis())));
             BookingSimulator faults = new BookingSimulator(app, SimulatorConfig.defaults().withSeed(System.nanoTime()));
             Connection admin = stack.openMysqlAsRoot()) {
            for (int i = 1; i <= rounds; i++) {
                String round = String.format(Locale.ROOT, "round %d of %d", i, rounds);
                FaultReport.OverbookingAttempt overbooking = faults.injectOverbooking();
                await(alerts, "OVERBOOKING", overbooking.at(), a -> flightIs(a, overbooking.flightId()), ALERT_TIMEOUT,
                        detected, missed, round);
                FaultReport.FareSpike fare = faults.injectFareSpike();
                await(alerts, "FARE_ANOMALY", fare.at(), a -> flightIs(a, fare.flightId()), ALERT_TIMEOUT, detected, missed, round);
                String column = "bench_" + Long.toString(System.nanoTime(), 36);
                try (Statement ddl = admin.createStatement()) {
                    ddl.execute("ALTER TABLE flights.passenger ADD COLUMN " + column + " VARCHAR(10) NULL");
                }
                Instant ddlAt = Instant.now();
                await(alerts, "SCHEMA_DRIFT", ddlAt, a -> a.get("evidence").toString().contains(column), ALERT_TIMEOUT,
                        detected, missed, round);
            }
            for (int i = 1; i <= windowRounds; i++) {
                String round = String.format(Locale.ROOT, "window round %d of %d", i, windowRounds);
                // Both bursts at once: each waits for its window to close, which takes the same minute or so.
                CompletableFuture<FaultReport.CancellationBurst> cancelling = CompletableFuture.supplyAsync(faults::injectCancellationBurst);
                FaultReport.BookingBurst burst = faults.injectBookingBurst();
                FaultReport.CancellationBurst cancellations = cancelling.get();
                console.note("  " + burst.describe());
                console.note("  " + cancellations.describe());
                String burstRoute = route(admin, burst.flightId());
                await(alerts, "BOOKING_SPIKE", burst.at(), a -> flightIs(a, burst.flightId()), WINDOW_ALERT_TIMEOUT,
                        detected, missed, round);
                await(alerts, "BOOKING_SPIKE (route)", burst.at(), a -> a.get("type").toString().equals("BOOKING_SPIKE")
                        && a.get("route") != null && a.get("route").toString().equals(burstRoute), WINDOW_ALERT_TIMEOUT, detected, missed, round);
                await(alerts, "CANCELLATION_BURST", cancellations.at(), a -> a.get("route") != null
                        && a.get("route").toString().equals(cancellations.route()), WINDOW_ALERT_TIMEOUT, detected, missed, round);
            }
        }
        Map<String, Delays> delays = new LinkedHashMap<>();
        detected.forEach((kind, d) -> delays.put(kind, new Delays(d.raised().percentiles(), d.readable().percentiles(),
                missed.getOrDefault(kind, 0))));
        missed.forEach((kind, count) -> delays.putIfAbsent(kind, new Delays(Percentiles.NONE, Percentiles.NONE, count)));
        return delays;
    }

    /** Waits for the alert of one fault; its type is the kind up to the first space. */
    private void await(ConcurrentLinkedQueue<Arrived> alerts, String kind, Instant faultAt, Predicate<GenericRecord> about,
                       Duration timeout, Map<String, Detected> detected, Map<String, Integer> missed, String round)
            throws InterruptedException {
        String type = kind.split(" ")[0];
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Arrived arrived : alerts) {
                GenericRecord alert = arrived.alert();
                if (alert.get("type").toString().equals(type) && about.test(alert)) {
                    alerts.remove(arrived);
                    long raised = Math.max(0, BenchSupport.millis(alert.get("detectedAt")) - faultAt.toEpochMilli());
                    long readable = Math.max(0, arrived.atMillis() - faultAt.toEpochMilli());
                    Detected delays = detected.computeIfAbsent(kind, k -> new Detected());
                    delays.raised().record(raised);
                    delays.readable().record(readable);
                    console.note(String.format(Locale.ROOT, "  %s: %s alert raised %,d ms, readable %,d ms after the fault", round,
                            kind, raised, readable));
                    return;
                }
            }
            console.update(kind, round + ": waiting for the alert");
            TimeUnit.MILLISECONDS.sleep(250);
        }
        missed.merge(kind, 1, Integer::sum);
        console.note(String.format(Locale.ROOT, "  %s: no %s alert within %d s (counted as missed)", round, kind, timeout.toSeconds()));
    }

    private static boolean flightIs(GenericRecord alert, long flightId) {
        return alert.get("flightId") != null && ((Number) alert.get("flightId")).longValue() == flightId;
    }

    private static String route(Connection admin, long flightId) throws Exception {
        try (Statement sql = admin.createStatement();
             ResultSet row = sql.executeQuery("SELECT origin, destination FROM flights.flight WHERE id = " + flightId)) {
            row.next();
            return row.getString(1) + "-" + row.getString(2);
        }
    }

    // --- Throughput ------------------------------------------------------------------------------

    private void awaitCaughtUp(Admin admin, String group, List<String> topics) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        long behind;
        while ((behind = ConsumerLag.of(admin, group, topics)) > 0) {
            BenchSupport.check(deadline, group + " did not catch up");
            console.update(group, String.format(Locale.ROOT, "%,d records behind", behind));
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private Map<String, String> appSettings(ClusterProfile endpoints, Path work) throws java.io.IOException {
        Map<String, String> settings = new HashMap<>();
        settings.put(AnomalyDetectorConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers());
        settings.putAll(endpoints.streamsKafkaSettings());
        settings.put(AnomalyDetectorConfig.SCHEMA_REGISTRY_URL_CONFIG, endpoints.schemaRegistryUrl());
        settings.put(AnomalyDetectorConfig.APICURIO_REGISTRY_URL_CONFIG, endpoints.apicurioRegistryUrl());
        settings.putAll(endpoints.registryUserSettings());
        settings.put(AnomalyDetectorConfig.APPLICATION_ID_CONFIG, run + "-anomaly-detector");
        settings.put(AnomalyDetectorConfig.STATE_DIR_CONFIG, work.resolve("state").toString());
        settings.put(AnomalyDetectorConfig.OPS_LISTENER_CONFIG, "127.0.0.1:0");
        settings.put(AnomalyDetectorConfig.NUM_STANDBY_REPLICAS_CONFIG, "0");
        settings.put(AnomalyDetectorConfig.TOPIC_ANOMALIES_CONFIG, run + "-anomalies");
        settings.put(AnomalyDetectorConfig.TOPIC_DEAD_LETTERS_CONFIG, run + "-dlq");
        return settings;
    }

    // --- Report ----------------------------------------------------------------------------------

    record Report(String at, int cores, Map<String, Delays> detectionDelay, Pass plainConsumer, Pass minimalAggregate, Pass topology,
                  double topologyPercentOfPlainConsumer, double topologyPercentOfMinimalAggregate) {
    }

    private static String markdown(Report r) {
        StringBuilder md = new StringBuilder();
        md.append("# anomaly-detector benchmark ").append(r.at()).append(" (").append(r.cores()).append(" cores)\n\n");
        md.append("Detection delay, ms from the fault's (last) commit in MySQL to the alert: raised (its detectedAt) and readable "
                + "(arrived at a read_committed consumer of anomalies):\n\n");
        MarkdownTable delays = new MarkdownTable().left("alert")
                .right("samples", "missed", "raised p50", "p99", "max", "readable p50", "p99", "max");
        r.detectionDelay().forEach((kind, d) -> delays.row(kind, count(d.readable().samples()), d.missed(), ms(d.raised().p50()),
                ms(d.raised().p99()), ms(d.raised().max()), ms(d.readable().p50()), ms(d.readable().p99()), ms(d.readable().max())));
        md.append(delays);
        md.append(String.format(Locale.ROOT, "%nThroughput over the detector's %d input topics (%,d records), from the start:%n%n",
                INPUT_TOPICS.size(), r.plainConsumer().records()));
        MarkdownTable passes = MarkdownTable.passes("pass", "vs. plain consumer", "vs. minimal aggregate");
        for (Pass p : List.of(r.plainConsumer(), r.minimalAggregate(), r.topology())) {
            passes.passRow(p, String.format(Locale.ROOT, "%.1f %%", 100.0 * p.recordsPerSecond() / r.plainConsumer().recordsPerSecond()),
                    percent(p, r.minimalAggregate()));
        }
        md.append(passes);
        return md.toString();
    }
}
