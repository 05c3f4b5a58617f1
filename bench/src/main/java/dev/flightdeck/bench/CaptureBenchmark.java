package dev.flightdeck.bench;

import static dev.flightdeck.bench.BenchSupport.connect;
import static dev.flightdeck.bench.BenchSupport.round;
import static dev.flightdeck.bench.BenchSupport.seconds;

import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.stack.driver.LocalStackDriver;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The foundation's numbers, on a stack of its own: cold and warm start-up per service, memory per
 * process, Debezium's commit→Kafka latency at a steady rate, and capture throughput for a burst
 * of inserted rows. Latency is measured in this one JVM: the writer notes System.nanoTime() when
 * its commit returns, a read_committed consumer notes it when the row's change arrives.
 */
@Command(name = "capture", mixinStandardHelpOptions = true,
        description = "Start-up time, memory, and Debezium capture latency and throughput on a dedicated local stack.")
final class CaptureBenchmark implements Callable<Integer> {

    private static final String TOPIC = "cdc.flights.passenger";

    @Option(names = "--rows", defaultValue = "50000", description = "Rows inserted for the throughput run (default: ${DEFAULT-VALUE}).")
    int rows;
    @Option(names = "--writers", defaultValue = "4", description = "Writer threads for the throughput run (default: ${DEFAULT-VALUE}).")
    int writers;
    @Option(names = "--batch", defaultValue = "500", description = "Rows per transaction in the throughput run (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--latency-rows", defaultValue = "3000", description = "Single-row commits for the latency run (default: ${DEFAULT-VALUE}).")
    int latencyRows;
    @Option(names = "--latency-rate", defaultValue = "200", description = "Commits per second in the latency run (default: ${DEFAULT-VALUE}).")
    int latencyRate;
    @Option(names = "--warmup-rows", defaultValue = "1000", description = "Commits before the latency run that are not measured (default: ${DEFAULT-VALUE}).")
    int warmupRows;
    @Mixin
    BenchStack benchStack;

    private final Progress console = Progress.console(System.out);

    @Override
    public Integer call() throws Exception {
        LocalStackDriver stack = benchStack.wiped(console);
        console.note("[1/4] cold start (empty data folder: initialise MySQL, seed, Debezium snapshot)");
        StartupRecorder cold = new StartupRecorder();
        stack.up(cold, "--no-simulator");
        console.note("[2/4] warm start (down, then up with the data kept)");
        stack.down();
        StartupRecorder warm = new StartupRecorder();
        stack.up(warm, "--no-simulator");
        Map<String, Long> memoryIdle = memory(stack);

        ClusterProfile endpoints = stack.adminProfile();
        console.note(String.format(Locale.ROOT, "[3/4] latency: %,d single-row commits at %d/s", latencyRows, latencyRate));
        LatencyRun latency = measureLatency(endpoints);
        console.note(String.format(Locale.ROOT, "[4/4] throughput: %,d rows, %d writers, %d rows per transaction", rows, writers, batch));
        Throughput throughput = measureThroughput(endpoints);
        Map<String, Long> memoryLoaded = memory(stack);

        Report report = new Report(LocalDateTime.now().toString(), Runtime.getRuntime().availableProcessors(),
                startup(cold, warm), memoryIdle, memoryLoaded, latency, throughput);
        benchStack.report("capture").write(report, markdown(report), console);
        benchStack.finish(stack);
        return 0;
    }

    // --- Start-up and memory ------------------------------------------------------------------

    record Startup(String service, double coldHealthySeconds, double coldTotalSeconds,
                   double warmHealthySeconds, double warmTotalSeconds) {
    }

    private static List<Startup> startup(StartupRecorder cold, StartupRecorder warm) {
        List<Startup> list = new ArrayList<>();
        cold.timings().forEach((service, c) -> {
            StartupRecorder.Timing w = warm.timings().get(service);
            list.add(new Startup(service, seconds(c.healthy()), seconds(c.total()),
                    w == null ? Double.NaN : seconds(w.healthy()), w == null ? Double.NaN : seconds(w.total())));
        });
        return list;
    }

    private static Map<String, Long> memory(LocalStackDriver stack) {
        Map<String, Long> rss = new LinkedHashMap<>();
        stack.status().path("services").properties().forEach(entry -> {
            if (entry.getValue().path("residentMiB").isNumber()) {
                rss.put(entry.getKey(), entry.getValue().path("residentMiB").asLong());
            }
        });
        return rss;
    }

    // --- Latency --------------------------------------------------------------------------------

    /** Commit → Kafka, timed in this JVM, and split at the record's Kafka timestamp (wall clock, whole milliseconds). */
    record LatencyRun(int rows, int ratePerSecond, double achievedRatePerSecond, Percentiles commitToKafka,
                      Percentiles commitToProducer, Percentiles producerToConsumer) {
    }

    /** When a row's commit returned to its writer, by both clocks. */
    private record Committed(long atNanos, long atMillis) {
    }

    private LatencyRun measureLatency(ClusterProfile endpoints) throws Exception {
        String run = "bench-latency-" + UUID.randomUUID();
        Map<Long, Committed> committed = new ConcurrentHashMap<>();
        // By id: a row's change can arrive before its writer has noted the commit, so both sides are matched at the end.
        Map<Long, Arrivals.Arrival> arrived = new ConcurrentHashMap<>();
        LongSupplier measured = () -> committed.keySet().stream().filter(arrived::containsKey).count();
        try (Arrivals arrivals = new Arrivals(endpoints, List.of(TOPIC), a -> arrived.put((Long) a.key().get("id"), a))) {
            // A ticker hands each commit to a small pool, so a slow fsync delays one commit, not the schedule.
            int total = warmupRows + latencyRows;
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
            ExecutorService writers = Executors.newFixedThreadPool(4);
            ThreadLocal<PreparedStatement> inserts = new ThreadLocal<>();
            List<Connection> connections = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicLong scheduled = new AtomicLong();
            AtomicLong written = new AtomicLong();
            java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
            long start = System.nanoTime();
            try {
                ticker.scheduleAtFixedRate(() -> {
                    long n = scheduled.getAndIncrement();
                    if (n >= total) {
                        return;
                    }
                    writers.execute(() -> {
                        try {
                            PreparedStatement insert = inserts.get();
                            if (insert == null) {
                                Connection db = connect(endpoints);
                                connections.add(db);
                                insert = db.prepareStatement("INSERT INTO passenger (first_name, last_name, email) VALUES ('Lat', 'Ency', ?)",
                                        Statement.RETURN_GENERATED_KEYS);
                                inserts.set(insert);
                            }
                            insert.setString(1, run + "-" + n + "@example.org");
                            insert.executeUpdate();
                            Committed at = new Committed(System.nanoTime(), System.currentTimeMillis());
                            try (ResultSet keys = insert.getGeneratedKeys()) {
                                keys.next();
                                if (n >= warmupRows) { // warm-up rows warm the JITs of every process on the path
                                    committed.put(keys.getLong(1), at);
                                }
                            }
                            written.incrementAndGet();
                        } catch (Exception e) {
                            failure.compareAndSet(null, e);
                        }
                    });
                }, 0, 1_000_000_000L / latencyRate, TimeUnit.NANOSECONDS);
                while (written.get() < total) {
                    if (failure.get() != null) {
                        throw new IllegalStateException("insert failed: " + failure.get().getMessage(), failure.get());
                    }
                    console.update("latency", String.format(Locale.ROOT, "%,d of %,d committed (%,d warm-up), %,d measured",
                            written.get(), total, warmupRows, measured.getAsLong()));
                    TimeUnit.MILLISECONDS.sleep(250);
                }
            } finally {
                ticker.shutdownNow();
                writers.shutdown();
                writers.awaitTermination(10, TimeUnit.SECONDS);
                for (Connection db : connections) {
                    db.close();
                }
            }
            double achieved = total / seconds(Duration.ofNanos(System.nanoTime() - start));
            arrivals.await(() -> measured.getAsLong() >= latencyRows, Duration.ofMinutes(2), console, "latency",
                    () -> String.format(Locale.ROOT, "%,d of %,d measured rows in Kafka", measured.getAsLong(), latencyRows));
            LatencyRecorder commitToKafka = LatencyRecorder.inMicros();
            LatencyRecorder commitToProducer = LatencyRecorder.inMillis();
            LatencyRecorder producerToConsumer = LatencyRecorder.inMillis();
            committed.forEach((id, commit) -> {
                Arrivals.Arrival arrival = arrived.get(id);
                commitToKafka.record((arrival.atNanos() - commit.atNanos()) / 1000);
                commitToProducer.record(arrival.producedAtMillis() - commit.atMillis());
                producerToConsumer.record(arrival.atMillis() - arrival.producedAtMillis());
            });
            return new LatencyRun(latencyRows, latencyRate, round(achieved), commitToKafka.percentiles(),
                    commitToProducer.percentiles(), producerToConsumer.percentiles());
        }
    }

    // --- Throughput -----------------------------------------------------------------------------

    record Throughput(int rows, int writers, int rowsPerTransaction, double mysqlCommitRowsPerSecond,
                      double capturedEventsPerSecond, double drainSecondsAfterLastCommit) {
    }

    private Throughput measureThroughput(ClusterProfile endpoints) throws Exception {
        String run = "bench-burst-" + UUID.randomUUID();
        long firstId;
        try (Connection db = connect(endpoints); ResultSet r = db.createStatement().executeQuery("SELECT COALESCE(MAX(id), 0) FROM passenger")) {
            r.next();
            firstId = r.getLong(1) + 1;
        }
        AtomicLong arrived = new AtomicLong();
        AtomicLong lastArrival = new AtomicLong();
        try (Arrivals arrivals = new Arrivals(endpoints, List.of(TOPIC), a -> {
            if ((Long) a.key().get("id") >= firstId) {
                arrived.incrementAndGet();
                lastArrival.set(a.atNanos());
            }
        })) {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            AtomicLong committed = new AtomicLong();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    writeBurst(endpoints, run + "-" + writer, rows / writers + (writer < rows % writers ? 1 : 0), committed);
                    return null;
                }));
            }
            while (done.stream().anyMatch(f -> !f.isDone())) {
                console.update("throughput", String.format(Locale.ROOT, "%,d of %,d committed, %,d in Kafka",
                        committed.get(), rows, arrived.get()));
                TimeUnit.MILLISECONDS.sleep(250);
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            long lastCommit = System.nanoTime();
            arrivals.await(() -> arrived.get() >= rows, Duration.ofMinutes(5), console, "throughput",
                    () -> String.format(Locale.ROOT, "%,d of %,d rows in Kafka", arrived.get(), rows));
            double commitSeconds = seconds(Duration.ofNanos(lastCommit - start));
            double captureSeconds = seconds(Duration.ofNanos(lastArrival.get() - start));
            return new Throughput(rows, writers, batch, round(rows / commitSeconds), round(rows / captureSeconds),
                    round(seconds(Duration.ofNanos(Math.max(0, lastArrival.get() - lastCommit)))));
        }
    }

    private void writeBurst(ClusterProfile endpoints, String prefix, int count, AtomicLong committed) throws Exception {
        try (Connection db = connect(endpoints); PreparedStatement insert = db.prepareStatement(
                "INSERT INTO passenger (first_name, last_name, email) VALUES ('Bur', 'St', ?)")) {
            db.setAutoCommit(false);
            for (int i = 0; i < count; i++) {
                insert.setString(1, prefix + "-" + i + "@example.org");
                insert.addBatch();
                if ((i + 1) % batch == 0 || i == count - 1) {
                    insert.executeBatch();
                    db.commit();
                    committed.addAndGet((i % batch) + 1);
                }
            }
        }
    }

    // --- Report -------------------------------------------------------------------------------

    record Report(String at, int cores, List<Startup> startup, Map<String, Long> residentMiBIdle,
                  Map<String, Long> residentMiBUnderLoad, LatencyRun latency, Throughput throughput) {
    }

    private static String markdown(Report report) {
        StringBuilder md = new StringBuilder();
        md.append("# Capture benchmark ").append(report.at()).append(" (").append(report.cores()).append(" cores)\n\n");
        MarkdownTable startup = new MarkdownTable().left("service")
                .right("cold: healthy", "cold: ready incl. one-off work", "warm: healthy", "warm: ready", "RSS idle", "RSS after load");
        for (Startup s : report.startup()) {
            startup.row(s.service(), secondsCell(s.coldHealthySeconds()), secondsCell(s.coldTotalSeconds()),
                    secondsCell(s.warmHealthySeconds()), secondsCell(s.warmTotalSeconds()),
                    mib(report.residentMiBIdle().get(s.service())), mib(report.residentMiBUnderLoad().get(s.service())));
        }
        md.append(startup);
        LatencyRun l = report.latency();
        Percentiles kafka = l.commitToKafka();
        md.append(String.format(Locale.ROOT, "%n**Commit → Kafka** (Debezium, read_committed consumer), %,d single-row commits at %.0f/s: "
                + "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; of which commit → Connect's producer p50 %.0f ms / p99 %.0f ms, "
                + "producer → consumer p50 %.0f ms / p99 %.0f ms%n", l.rows(), l.achievedRatePerSecond(),
                kafka.p50(), kafka.p90(), kafka.p99(), kafka.max(), l.commitToProducer().p50(), l.commitToProducer().p99(),
                l.producerToConsumer().p50(), l.producerToConsumer().p99()));
        Throughput t = report.throughput();
        md.append(String.format(Locale.ROOT, "%n**Capture throughput**, %,d rows (%d writers, %d rows per transaction): "
                + "MySQL committed %,.0f rows/s; Debezium delivered %,.0f events/s end to end "
                + "(last change in Kafka %.1f s after the last commit)%n", t.rows(), t.writers(), t.rowsPerTransaction(),
                t.mysqlCommitRowsPerSecond(), t.capturedEventsPerSecond(), t.drainSecondsAfterLastCommit()));
        return md.toString();
    }

    private static String secondsCell(double seconds) {
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }

    private static String mib(Long value) {
        return value == null ? "-" : value + " MiB";
    }
}
