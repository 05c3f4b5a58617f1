package dev.flightdeck.bench;

import static dev.flightdeck.bench.BenchSupport.connect;
import static dev.flightdeck.bench.BenchSupport.round;
import static dev.flightdeck.bench.BenchSupport.seconds;

import dev.flightdeck.cdc.ConfluentAvroDecoder;
import dev.flightdeck.stack.driver.LocalStackDriver;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.clients.ClusterProfile;
import java.io.IOException;
import java.nio.file.Path;
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
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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

        ClusterProfile endpoints = stack.profile();
        console.note(String.format(Locale.ROOT, "[3/4] latency: %,d single-row commits at %d/s", latencyRows, latencyRate));
        Latency latency = measureLatency(endpoints);
        console.note(String.format(Locale.ROOT, "[4/4] throughput: %,d rows, %d writers, %d rows per transaction", rows, writers, batch));
        Throughput throughput = measureThroughput(endpoints);
        Map<String, Long> memoryLoaded = memory(stack);

        Report report = new Report(LocalDateTime.now().toString(), Runtime.getRuntime().availableProcessors(),
                startup(cold, warm), memoryIdle, memoryLoaded, latency, throughput);
        writeReport(benchStack.reports(), report);
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

    /** End to end, and split at the record's Kafka timestamp (whole milliseconds, wall clock). */
    record Latency(int rows, int ratePerSecond, double achievedRatePerSecond, double p50Millis, double p90Millis,
                   double p99Millis, double maxMillis, long commitToProducerP50Millis, long commitToProducerP99Millis,
                   long producerToConsumerP50Millis, long producerToConsumerP99Millis) {
    }

    private Latency measureLatency(ClusterProfile endpoints) throws Exception {
        String run = "bench-latency-" + UUID.randomUUID();
        Map<Long, long[]> committedAt = new ConcurrentHashMap<>();
        Histogram micros = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        // The two halves, in wall-clock milliseconds: commit → Connect's producer, and producer → consumer.
        Histogram toProducer = new Histogram(TimeUnit.MINUTES.toMillis(5), 3);
        Histogram toConsumer = new Histogram(TimeUnit.MINUTES.toMillis(5), 3);
        try (ArrivalWatcher watcher = new ArrivalWatcher(endpoints, (id, arrivedAt, arrivedAtMillis, producedAtMillis) -> {
            long[] committed = committedAt.get(id);
            if (committed == null) {
                return false; // not ours, or its writer has not noted the commit yet: asked again later
            }
            micros.recordValue(Math.max(0, (arrivedAt - committed[0]) / 1000));
            toProducer.recordValue(Math.max(0, producedAtMillis - committed[1]));
            toConsumer.recordValue(Math.max(0, arrivedAtMillis - producedAtMillis));
            return true;
        })) {
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
                            long[] committed = {System.nanoTime(), System.currentTimeMillis()};
                            try (ResultSet keys = insert.getGeneratedKeys()) {
                                keys.next();
                                if (n >= warmupRows) { // warm-up rows warm the JITs of every process on the path
                                    committedAt.put(keys.getLong(1), committed);
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
                            written.get(), total, warmupRows, micros.getTotalCount()));
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
            watcher.awaitCount(() -> micros.getTotalCount() >= latencyRows, Duration.ofMinutes(2), console, "latency");
            return new Latency(latencyRows, latencyRate, round(achieved), millis(micros.getValueAtPercentile(50)),
                    millis(micros.getValueAtPercentile(90)), millis(micros.getValueAtPercentile(99)), millis(micros.getMaxValue()),
                    toProducer.getValueAtPercentile(50), toProducer.getValueAtPercentile(99),
                    toConsumer.getValueAtPercentile(50), toConsumer.getValueAtPercentile(99));
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
        try (ArrivalWatcher watcher = new ArrivalWatcher(endpoints, (id, arrivedAt, arrivedAtMillis, producedAtMillis) -> {
            if (id >= firstId) {
                arrived.incrementAndGet();
                lastArrival.set(arrivedAt);
            }
            return true;
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
            watcher.awaitCount(() -> arrived.get() >= rows, Duration.ofMinutes(5), console, "throughput");
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

    // --- Plumbing -------------------------------------------------------------------------------

    /** Reads the passenger topic from its end, handing each arriving row's id and arrival time to a matcher. */
    private static final class ArrivalWatcher implements AutoCloseable {
        interface Matcher {
            /**
             * @param recordTimestampMillis the record's Kafka timestamp: when Connect's producer took it
             * @return false to be asked again later with the same arrival
             */
            boolean arrived(long id, long arrivedAtNanos, long arrivedAtMillis, long recordTimestampMillis);
        }

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile Exception failure;

        ArrivalWatcher(ClusterProfile endpoints, Matcher matcher) {
            ConfluentAvroDecoder keys = endpoints.registry().avroDecoder();
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000,
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end now, before any row is written
            thread = new Thread(() -> {
                Map<Long, long[]> unmatched = new LinkedHashMap<>();
                try {
                    while (running) {
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                            long now = System.nanoTime();
                            if (r.key() != null && r.value() != null) {
                                unmatched.put((Long) keys.decode(r.key()).record().get("id"),
                                        new long[] {now, System.currentTimeMillis(), r.timestamp()});
                            }
                        }
                        unmatched.entrySet().removeIf(e -> matcher.arrived(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]));
                        if (unmatched.size() > 100_000) {
                            unmatched.clear(); // rows of other writers never match; don't hoard them
                        }
                    }
                } catch (Exception e) {
                    failure = e;
                }
            }, "arrival-watcher");
            thread.start();
        }

        void awaitCount(java.util.function.BooleanSupplier done, Duration timeout, Progress console, String phase)
                throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.getAsBoolean()) {
                if (failure != null) {
                    throw failure;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(phase + ": not every row reached Kafka within " + timeout.toMinutes() + " min");
                }
                console.update(phase, "waiting for the last changes to reach Kafka");
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
            consumer.close();
        }
    }

    record Report(String at, int cores, List<Startup> startup, Map<String, Long> residentMiBIdle,
                  Map<String, Long> residentMiBUnderLoad, Latency latency, Throughput throughput) {
    }

    private void writeReport(Path dir, Report report) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Capture benchmark ").append(report.at()).append(" (").append(report.cores()).append(" cores)\n\n");
        md.append("| service | cold: healthy | cold: ready incl. one-off work | warm: healthy | warm: ready | RSS idle | RSS after load |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Startup s : report.startup()) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f s | %.1f s | %.1f s | %.1f s | %s | %s |%n", s.service(),
                    s.coldHealthySeconds(), s.coldTotalSeconds(), s.warmHealthySeconds(), s.warmTotalSeconds(),
                    mib(report.residentMiBIdle().get(s.service())), mib(report.residentMiBUnderLoad().get(s.service()))));
        }
        Latency l = report.latency();
        md.append(String.format(Locale.ROOT, "%n**Commit → Kafka** (Debezium, read_committed consumer), %,d single-row commits at %.0f/s: "
                + "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; of which commit → Connect's producer p50 %d ms / p99 %d ms, "
                + "producer → consumer p50 %d ms / p99 %d ms%n", l.rows(), l.achievedRatePerSecond(),
                l.p50Millis(), l.p90Millis(), l.p99Millis(), l.maxMillis(), l.commitToProducerP50Millis(),
                l.commitToProducerP99Millis(), l.producerToConsumerP50Millis(), l.producerToConsumerP99Millis()));
        Throughput t = report.throughput();
        md.append(String.format(Locale.ROOT, "%n**Capture throughput**, %,d rows (%d writers, %d rows per transaction): "
                + "MySQL committed %,.0f rows/s; Debezium delivered %,.0f events/s end to end "
                + "(last change in Kafka %.1f s after the last commit)%n", t.rows(), t.writers(), t.rowsPerTransaction(),
                t.mysqlCommitRowsPerSecond(), t.capturedEventsPerSecond(), t.drainSecondsAfterLastCommit()));
        BenchSupport.writeReport(dir, "capture", report, md.toString(), console);
    }

    private static String mib(Long value) {
        return value == null ? "-" : value + " MiB";
    }

    private static double millis(long micros) {
        return round(micros / 1000.0);
    }

}
