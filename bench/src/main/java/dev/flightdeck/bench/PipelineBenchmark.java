package dev.flightdeck.bench;

import static dev.flightdeck.bench.BenchSupport.round;
import static dev.flightdeck.bench.BenchSupport.seconds;
import static dev.flightdeck.bench.MarkdownTable.count;
import static dev.flightdeck.bench.MarkdownTable.ms;
import static dev.flightdeck.bench.MarkdownTable.perSecond;
import static dev.flightdeck.bench.MarkdownTable.percent;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.flightdeck.bench.TopicPasses.Pass;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.connect.sink.PublishedFlight;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.ops.kafka.ConsumerLag;
import dev.flightdeck.seats.SeatAvailabilityApp;
import dev.flightdeck.seats.SeatAvailabilityConfig;
import dev.flightdeck.stack.driver.LocalStackDriver;
import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import redis.clients.jedis.JedisPooled;

/**
 * The whole pipeline on a stack of its own: booking changes committed at fixed rates, each timed
 * from its MySQL commit to Kafka (Debezium), to flight-availability (seat-availability), to Redis
 * and to searchable in Elasticsearch, with CPU and memory per process; then a peak burst of
 * multi-row transactions, timed until every stage has caught up; then, in the same run, the
 * ceilings each stage is held against.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "End to end: per-stage latency at fixed rates, the peak sustained rate, CPU and memory per process, "
                + "and each stage next to its ceiling; JSON, Markdown and a PNG chart under .flightdeck/bench/.")
final class PipelineBenchmark implements Callable<Integer> {

    private static final String BOOKINGS = "cdc.flights.booking";
    private static final String FLIGHT_AVAILABILITY = "flight-availability";
    private static final List<String> SINK_CONNECTORS = List.of("redis-sink-flights", "elasticsearch-sink-flights");
    private static final List<String> STAGES = List.of("commit → Kafka (Debezium)", "commit → flight-availability",
            "commit → Redis", "commit → searchable (Elasticsearch)");
    /** A rate is sustained when everything committed during it is in every read model this soon after the last commit. */
    private static final Duration SUSTAINED_DRAIN = Duration.ofSeconds(10);
    /** A warm-up ends once the oldest change not yet in every read model stays this many seconds recent ... */
    private static final int KEEP_PACE_BEHIND_SECONDS = 5;
    /** ... for this many seconds in a row ... */
    private static final int KEEP_PACE_SECONDS = 10;
    /**
     * ... while the JIT compilers of every JVM on the machine, the benchmark's own included, have used
     * at most this share of one core together over those seconds (still compiling, they take the
     * cores the pipeline runs on: a fifth of the machine 80 s into a run at 1,000/s) ...
     */
    private static final int COMPILERS_SETTLED_PERCENT = 20;
    /** ... or after this many seconds at most. */
    static final int MAX_WARMUP_SECONDS = 420;

    @Option(names = "--rates", split = ",", defaultValue = "200,1000,5000",
            description = "Single-row booking changes per second, one measured run each (default: ${DEFAULT-VALUE}).")
    List<Integer> rates;
    @Option(names = "--seconds", defaultValue = "30", description = "Measured seconds per rate (default: ${DEFAULT-VALUE}).")
    int measuredSeconds;
    @Option(names = "--warmup-seconds", defaultValue = "10",
            description = "Seconds at each later rate before measuring, at least (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;
    @Option(names = "--first-warmup-seconds", defaultValue = "60",
            description = "Seconds at the first rate before measuring, at least (default: ${DEFAULT-VALUE}). Every JVM compiles its "
                    + "streaming code paths on first use (the snapshot took other ones); on two cores the pipeline lags by seconds meanwhile.")
    int firstWarmupSeconds;
    @Option(names = "--max-warmup-seconds", defaultValue = "" + MAX_WARMUP_SECONDS,
            description = "Each warm-up lasts until every stage has kept within " + KEEP_PACE_BEHIND_SECONDS + " s of MySQL's commits for "
                    + KEEP_PACE_SECONDS + " s with the JIT compilers of every JVM at most " + COMPILERS_SETTLED_PERCENT
                    + " percent of a core together, but at most this long (default: ${DEFAULT-VALUE}); a rate the pipeline cannot keep is "
                    + "then measured anyway.")
    int maxWarmupSeconds = MAX_WARMUP_SECONDS;
    @Option(names = "--peak-changes", defaultValue = "100000",
            description = "Booking changes of the peak burst, in multi-row transactions (default: ${DEFAULT-VALUE}).")
    int peakChanges;
    @Option(names = "--ceiling-records", defaultValue = "20000",
            description = "Availability documents written straight into Redis and Elasticsearch for their ceilings (default: ${DEFAULT-VALUE}).")
    int ceilingRecords;
    @Mixin
    BenchStack benchStack;

    @Option(names = "--insecure", description = "Run the stack with up --insecure (Kafka in PLAINTEXT, no SCRAM, no ACLs), "
            + "to compare with a run without it: what Kafka's security costs.")
    boolean insecure;

    private final Progress console = Progress.console(System.out);
    private final String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    private final long benchStart = System.currentTimeMillis();
    /** Per stage, per second of the run (by commit time): the latencies seen, for the chart. */
    private final Map<String, Map<Long, LatencyRecorder>> overTime = new ConcurrentHashMap<>();

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        LocalStackDriver stack = benchStack.wiped(console);
        console.note("[1/4] a stack of its own: the whole pipeline without the simulator (snapshot and both sinks caught up)");
        long upBegin = System.nanoTime();
        if (insecure) {
            stack.up("--no-simulator", "--insecure");
        } else {
            stack.up("--no-simulator");
        }
        double upSeconds = (System.nanoTime() - upBegin) / 1e9;
        ClusterProfile endpoints = stack.adminProfile();
        Path work = Files.createTempDirectory("flightdeck-bench-pipeline");
        try (Admin admin = endpoints.admin();
             JedisPooled redis = endpoints.openRedis();
             BookingWorkload workload = new BookingWorkload(endpoints)) {
            List<RateRun> runs = new ArrayList<>();
            for (int i = 0; i < rates.size(); i++) {
                awaitCaughtUp(endpoints, admin);
                awaitQuiet(stack);
                int warmup = i == 0 ? Math.max(warmupSeconds, firstWarmupSeconds) : warmupSeconds;
                console.note(String.format(Locale.ROOT, "[2/4] rate %d of %d: %,d single-row changes/s, "
                        + "a warm-up of %d s or more (until every stage keeps pace), %d s measured",
                        i + 1, rates.size(), rates.get(i), warmup, measuredSeconds));
                runs.add(rateRun(stack, endpoints, admin, redis, workload, rates.get(i), warmup));
            }
            console.note(String.format(Locale.ROOT, "[3/4] peak: %,d booking changes in multi-row transactions, as fast as MySQL "
                    + "takes them, first with Debezium alone (Streams apps stopped, sinks stopped), then through the whole "
                    + "pipeline, each stage timed until it has caught up", peakChanges));
            awaitQuiet(stack);
            double captureAlone = captureAlone(stack, endpoints, admin, workload);
            awaitQuiet(stack);
            Peak peak = peak(endpoints, admin, workload, captureAlone);

            console.note("[4/4] ceilings, same run: a plain consumer and a minimal exactly-once aggregate over the CDC topics, "
                    + "raw pipelined Redis and raw bulk indexing of the same kind of documents");
            awaitQuiet(stack); // the anomaly detector, merges and flushes after the burst must not slow the ceilings
            TopicPasses passes = new TopicPasses(endpoints, AvailabilityBenchmark.INPUT_TOPICS, console,
                    SeatAvailabilityConfig.DEFAULT_COMMIT_INTERVAL_MS);
            Pass plain = passes.plainConsumer();
            Pass minimal = passes.minimalAggregate(admin, run + "-minimal", work.resolve("minimal"), plain.records(), 1);
            Pass topology = topologyAlone(endpoints, admin, passes, work, plain.records());
            SinksBenchmark stores = new SinksBenchmark();
            stores.records = ceilingRecords;
            stores.flights = Math.max(1, ceilingRecords / 5);
            List<PublishedFlight> documents = stores.generate();
            Pass redisRaw = stores.redisCeiling(endpoints, documents);
            Pass searchRaw;
            try (ElasticsearchClient elasticsearch = SinksBenchmark.elasticsearch(endpoints)) {
                searchRaw = stores.elasticsearchCeiling(elasticsearch, documents);
            }
            List<StageRatio> ratios = List.of(
                    new StageRatio("Debezium capture (peak burst, whole pipeline running)", peak.capturedPerSecond(),
                            "Debezium capture alone (same burst size, apps and sinks stopped)", captureAlone),
                    new StageRatio("end to end (peak burst, every read model)", peak.endToEndPerSecond(),
                            "Debezium capture alone", captureAlone),
                    // Its rate in the burst is bounded by Debezium's; alone over the topics it shows its headroom.
                    new StageRatio("seat-availability topology alone over the CDC topics", topology.recordsPerSecond(),
                            "Debezium capture alone", captureAlone),
                    new StageRatio("Redis sink (peak burst)", peak.stages().get("Redis sink").changesPerSecond(),
                            "raw pipelined compare-and-set", redisRaw.recordsPerSecond()),
                    new StageRatio("Elasticsearch sink (peak burst)", peak.stages().get("Elasticsearch sink").changesPerSecond(),
                            "raw bulk indexing", searchRaw.recordsPerSecond()));
            Report report = new Report(LocalDateTime.now().toString(), Runtime.getRuntime().availableProcessors(),
                    insecure ? "INSECURE (up --insecure: PLAINTEXT, no SCRAM, no ACLs)" : "secured (TLS, SCRAM-SHA-512, ACLs)",
                    round(upSeconds), runs, peak, List.of(plain, minimal, topology, redisRaw, searchRaw), ratios);
            ReportWriter files = benchStack.report("pipeline");
            Path chart = files.beside("latency", "png");
            chart(chart);
            files.write(report, markdown(report, chart), console);
        } finally {
            BenchSupport.wipe(work);
            benchStack.finish(stack);
        }
        return 0;
    }

    /**
     * After up, the services still settle (JIT, merges, the last app catching up): measuring then
     * would charge that to the first rate. Waits until 5 s pass with the stack using under half a core.
     */
    void awaitQuiet(LocalStackDriver stack) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        Map<String, Long> services = ProcessUsage.runningServices(stack);
        while (System.nanoTime() < deadline) {
            ProcessUsage usage = new ProcessUsage(services);
            TimeUnit.SECONDS.sleep(5);
            double busy = usage.end().servicesCpuPercentOfOneCore();
            console.update("settle", String.format(Locale.ROOT, "the stack uses %.0f %% of a core", busy));
            if (busy < 50) {
                return;
            }
        }
        console.note("the stack did not quiet down within 3 minutes; measuring anyway");
    }

    /**
     * Every stage behind Debezium has read all there is (the sinks write the snapshot, or the last
     * rate's tail, for a while after their lag stops growing): a backlog left from before a rate
     * would be charged to that rate's latency.
     */
    void awaitCaughtUp(ClusterProfile endpoints, Admin admin) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        for (String stage : List.of("seat-availability", "Redis sink", "Elasticsearch sink")) {
            while (!caughtUp(stage, endpoints, admin, null)) {
                if (System.nanoTime() > deadline) {
                    console.note(stage + " has not caught up within 5 minutes; measuring anyway");
                    return;
                }
                console.update("settle", stage + " catching up");
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }
    }

    /**
     * The seat-availability topology in this JVM, one stream thread and the app's commit interval,
     * reading every CDC record so far under a fresh application id and output topic while the stack
     * is idle: its own rate, to set against Debezium's capture alone.
     */
    private Pass topologyAlone(ClusterProfile endpoints, Admin admin, TopicPasses passes, Path work, long records) throws Exception {
        String applicationId = run + "-seat-availability";
        long appCommitIntervalMs = (Long) SeatAvailabilityConfig.CONFIG.defaultValues().get(SeatAvailabilityConfig.COMMIT_INTERVAL_MS_CONFIG);
        try (SeatAvailabilityApp app = new SeatAvailabilityApp(new SeatAvailabilityConfig(AvailabilityBenchmark.appSettings(endpoints,
                work.resolve("topology"), applicationId, applicationId + "-flight-availability", 1, appCommitIntervalMs)))) {
            return passes.streams("seat-availability topology", admin, applicationId, records, app::start, app::streams);
        }
    }

    // --- Fixed rates ------------------------------------------------------------------------------

    /**
     * One rate: latency per stage over the measured window, how long after the last commit every
     * read model had it all (the rate is sustained when that stays short), CPU and memory per process
     * (no services when {@code stack} is null: a deployment that is not a local stack; the benchmark's
     * JVM and the machine all the same), how long the warm-up took, whether it ended because the
     * pipeline kept pace with its JIT compilers settled, and how busy those compilers were as it ended.
     */
    record RateRun(int ratePerSecond, double achievedPerSecond, Map<String, Percentiles> latency, double drainSeconds,
                   boolean sustained, double warmupSeconds, boolean keptPace, double compilersPercentOfOneCore,
                   ProcessUsage.Stretch usage) {
    }

    private static List<String> usageCells(ProcessUsage.Usage u) {
        return u == null ? List.of("–", "–")
                : List.of(String.format(Locale.ROOT, "%.0f %%", u.cpuPercentOfOneCore()), count(u.peakResidentMiB()));
    }

    /**
     * The warm-up lasts at least {@code minWarmup} seconds and then until every stage has kept pace
     * for {@link #KEEP_PACE_SECONDS} with the JIT compilers settled: a backlog left by the JIT's
     * first minutes, or cores still taken by its compiling, would otherwise be what the window's
     * percentiles measure. At most {@code maxWarmupSeconds}, after which a rate the pipeline cannot
     * keep is measured anyway and reported as not having kept pace.
     */
    RateRun rateRun(LocalStackDriver stack, ClusterProfile endpoints, Admin admin, JedisPooled redis, BookingWorkload workload,
                            int rate, int minWarmup) throws Exception {
        Map<String, LatencyRecorder> latencies = new LinkedHashMap<>();
        STAGES.forEach(stage -> latencies.put(stage, LatencyRecorder.inMillis()));
        AtomicReference<MeasuredWindow> window = new AtomicReference<>();
        AtomicLong sampled = new AtomicLong();
        long sample = Math.max(1, rate / 100);
        try (ReadModelProbes probes = new ReadModelProbes(endpoints.elasticsearchUrl(), redis,
                (committed, latency) -> recordInWindow(window, latencies, STAGES.get(2), committed, latency),
                (committed, latency) -> recordInWindow(window, latencies, STAGES.get(3), committed, latency), console);
             Arrivals arrivals = new Arrivals(endpoints, List.of(BOOKINGS, FLIGHT_AVAILABILITY), arrival -> {
                 long committed = arrival.committedMillis();
                 MeasuredWindow measured = window.get();
                 boolean inWindow = measured != null && measured.holds(committed);
                 if (arrival.topic().equals(BOOKINGS)) {
                     if (inWindow) {
                         record(latencies, STAGES.get(0), committed, arrival.atMillis() - committed);
                     }
                     return;
                 }
                 if (inWindow) {
                     record(latencies, STAGES.get(1), committed, arrival.atMillis() - committed);
                 }
                 // In the warm-up a sample is enough to see how far behind the stores are. A sample is
                 // searched for: the probe's own searches must not load Elasticsearch much.
                 boolean sampledOne = sampled.getAndIncrement() % sample == 0;
                 if (inWindow || sampledOne) {
                     probes.expect(new ReadModelProbes.Pending((Long) arrival.value().get("flightId"),
                             (Long) arrival.value().get("version"), committed), sampledOne);
                 }
             })) {
            // Not a local stack (the compose cluster): its processes are not ours to sample.
            Map<String, Long> services = stack == null ? Map.of() : ProcessUsage.runningServices(stack);
            AtomicReference<ProcessUsage> usage = new AtomicReference<>(); // set by the monitor thread with the window
            long driveStart = System.currentTimeMillis();
            AtomicInteger keptPaceFor = new AtomicInteger();
            AtomicLong behind = new AtomicLong();
            CompilerActivity compilers = new CompilerActivity(CompilerActivity.javaProcesses(), KEEP_PACE_SECONDS); // the monitor thread's alone
            AtomicReference<Double> compiling = new AtomicReference<>(0.0);
            var monitor = Executors.newSingleThreadScheduledExecutor();
            monitor.scheduleAtFixedRate(() -> {
                long now = System.currentTimeMillis();
                if (window.get() == null) {
                    long newest = arrivals.newestSourceMillis(FLIGHT_AVAILABILITY);
                    behind.set(Math.max(newest == 0 ? now - driveStart : now - newest,
                            Math.max(probes.redisBehindMillis(now), probes.searchBehindMillis(now))));
                    keptPaceFor.set(behind.get() <= TimeUnit.SECONDS.toMillis(KEEP_PACE_BEHIND_SECONDS) ? keptPaceFor.get() + 1 : 0);
                    compilers.sample();
                    compiling.set(compilers.percentOfOneCore());
                    boolean settled = compilers.windowFull() && compiling.get() <= COMPILERS_SETTLED_PERCENT;
                    long warmedFor = now - driveStart;
                    if (warmedFor >= TimeUnit.SECONDS.toMillis(minWarmup) && (keptPaceFor.get() >= KEEP_PACE_SECONDS && settled
                            || warmedFor >= TimeUnit.SECONDS.toMillis(Math.max(minWarmup, maxWarmupSeconds)))) {
                        usage.set(new ProcessUsage(services));
                        window.set(new MeasuredWindow(now, now + TimeUnit.SECONDS.toMillis(measuredSeconds)));
                    }
                } else {
                    usage.get().sample();
                }
            }, 1, 1, TimeUnit.SECONDS);
            double achieved;
            ProcessUsage.Stretch stretch;
            try {
                achieved = workload.drive(rate, () -> window.get() == null ? Long.MAX_VALUE
                                : rate * (window.get().toMillis() - driveStart) / 1000, () -> window.get() == null, console,
                        () -> window.get() == null
                                ? String.format(Locale.ROOT, "%.1f s behind, kept pace for %d s, JIT compilers at %.0f %% of a core",
                                        behind.get() / 1000.0, keptPaceFor.get(), compiling.get())
                                : String.format(Locale.ROOT, "%,d on flight-availability, %,d in Redis",
                                        latencies.get(STAGES.get(1)).samples(), latencies.get(STAGES.get(2)).samples()));
            } finally {
                monitor.shutdownNow();
            }
            MeasuredWindow measured = window.get();
            double warmup = seconds(TimeUnit.MILLISECONDS.toNanos(measured.fromMillis() - driveStart));
            boolean keptPace = keptPaceFor.get() >= KEEP_PACE_SECONDS && compiling.get() <= COMPILERS_SETTLED_PERCENT;
            if (!keptPace) {
                console.note(String.format(Locale.ROOT, "rate %d: after %.0f s of warm-up the pipeline was %.1f s behind and the JIT "
                        + "compilers used %.0f %% of a core; measuring anyway", rate, warmup, behind.get() / 1000.0, compiling.get()));
            }
            stretch = usage.get().end();
            long lastCommit = System.nanoTime();
            arrivals.await(() -> probes.waitingForRedis() == 0 && probes.waitingForSearch() == 0
                            && measured.reachedEnd(arrivals.newestSourceMillis(FLIGHT_AVAILABILITY))
                            && ConsumerLag.of(admin, "seat-availability", AvailabilityBenchmark.INPUT_TOPICS) == 0,
                    Duration.ofMinutes(5), console, "drain", () -> String.format(Locale.ROOT,
                            "rate %d: waiting for the last: %,d for Redis, %,d for search", rate,
                            probes.waitingForRedis(), probes.waitingForSearch()));
            double drain = seconds(System.nanoTime() - lastCommit);
            Map<String, Percentiles> latency = new LinkedHashMap<>();
            latencies.forEach((stage, recorder) -> latency.put(stage, recorder.percentiles()));
            return new RateRun(rate, round(achieved), latency, round(drain), drain <= SUSTAINED_DRAIN.toSeconds(), round(warmup),
                    keptPace, compiling.get(), stretch);
        }
    }

    private void recordInWindow(AtomicReference<MeasuredWindow> window, Map<String, LatencyRecorder> latencies, String stage,
                                long committedMillis, long latencyMillis) {
        MeasuredWindow measured = window.get();
        if (measured != null && measured.holds(committedMillis)) {
            record(latencies, stage, committedMillis, latencyMillis);
        }
    }

    private void record(Map<String, LatencyRecorder> latencies, String stage, long committedMillis, long latencyMillis) {
        latencies.get(stage).record(latencyMillis);
        overTime.computeIfAbsent(stage, s -> new ConcurrentHashMap<>())
                .computeIfAbsent((committedMillis - benchStart) / 1000, second -> LatencyRecorder.inMillis())
                .record(latencyMillis);
    }

    // --- Peak -------------------------------------------------------------------------------------

    /** A stage of the peak burst: when it had everything, and the booking changes per second through it. */
    record StageCatchUp(double caughtUpAfterSeconds, double changesPerSecond) {
    }

    record Peak(long changes, double committedPerSecond, double capturedPerSecond, Map<String, StageCatchUp> stages,
                double endToEndPerSecond, double endToEndPercentOfCapture, double captureAlonePerSecond,
                double endToEndPercentOfCaptureAlone) {
    }

    /**
     * The ceiling of the whole pipeline: Debezium capturing a burst of the same size with nothing downstream
     * running (both Streams apps stopped, both sink connectors stopped). Then everything is started again and
     * left to catch up with that burst, so that the peak run starts from a quiet pipeline.
     */
    private double captureAlone(LocalStackDriver stack, ClusterProfile endpoints, Admin admin, BookingWorkload workload) throws Exception {
        ConnectClient connect = endpoints.connect();
        List<String> apps = List.of("anomaly-detector", "seat-availability");
        apps.forEach(stack::stop);
        for (String sink : SINK_CONNECTORS) {
            connect.stop(sink);
        }
        double captured;
        try (Arrivals arrivals = Arrivals.counting(endpoints, List.of(BOOKINGS))) {
            long start = System.nanoTime();
            workload.burst(peakChanges, console, "Debezium alone", committed -> String.format(Locale.ROOT,
                    "%,d of %,d committed, %,d in Kafka", committed, peakChanges, arrivals.count()));
            arrivals.await(() -> arrivals.count() >= peakChanges, Duration.ofMinutes(20), console, "Debezium alone",
                    () -> String.format(Locale.ROOT, "%,d of %,d changes in Kafka", arrivals.count(), peakChanges));
            captured = round(peakChanges / seconds(arrivals.lastArrivalNanos() - start));
        }
        console.note(String.format(Locale.ROOT, "Debezium alone captured %,.0f changes/s; starting the apps and sinks again", captured));
        for (String sink : SINK_CONNECTORS) {
            connect.resume(sink);
        }
        stack.start(apps.toArray(String[]::new));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
        while (!caughtUp("seat-availability", endpoints, admin, null) || !caughtUp("Redis sink", endpoints, admin, null)
                || !caughtUp("Elasticsearch sink", endpoints, admin, null)) {
            BenchSupport.check(deadline, "the apps and sinks did not catch up with the Debezium-alone burst within 20 minutes");
            console.update("catching up", "the apps and sinks read the Debezium-alone burst");
            TimeUnit.MILLISECONDS.sleep(500);
        }
        return captured;
    }

    Peak peak(ClusterProfile endpoints, Admin admin, BookingWorkload workload, double captureAlone) throws Exception {
        Map<String, StageCatchUp> stages = new LinkedHashMap<>();
        try (Arrivals arrivals = Arrivals.counting(endpoints, List.of(BOOKINGS))) {
            long start = System.nanoTime();
            double committedIn = workload.burst(peakChanges, console, "peak", committed -> String.format(Locale.ROOT,
                    "%,d of %,d committed, %,d in Kafka", committed, peakChanges, arrivals.count()));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
            Map<String, Boolean> done = new LinkedHashMap<>();
            for (String stage : List.of("Debezium", "seat-availability", "Redis sink", "Elasticsearch sink")) {
                done.put(stage, false);
            }
            while (done.containsValue(false)) {
                BenchSupport.check(deadline, "peak: not every stage caught up within 20 minutes: " + done);
                // In pipeline order: a stage has caught up only once everything upstream of it has.
                for (Map.Entry<String, Boolean> stage : done.entrySet()) {
                    if (stage.getValue()) {
                        continue;
                    }
                    if (!caughtUp(stage.getKey(), endpoints, admin, arrivals)) {
                        break;
                    }
                    stage.setValue(true);
                    double after = seconds(System.nanoTime() - start);
                    stages.put(stage.getKey(), new StageCatchUp(round(after), round(peakChanges / after)));
                }
                console.update("peak", "caught up: " + done);
                TimeUnit.MILLISECONDS.sleep(100);
            }
            double captured = stages.get("Debezium").changesPerSecond();
            double endToEnd = stages.values().stream().mapToDouble(StageCatchUp::changesPerSecond).min().orElseThrow();
            return new Peak(peakChanges, round(peakChanges / committedIn), round(captured), stages, round(endToEnd),
                    round(100 * endToEnd / captured), captureAlone, round(100 * endToEnd / captureAlone));
        }
    }

    private boolean caughtUp(String stage, ClusterProfile endpoints, Admin admin, Arrivals arrivals) throws Exception {
        return switch (stage) {
            case "Debezium" -> arrivals.count() >= peakChanges;
            case "seat-availability" -> ConsumerLag.of(admin, "seat-availability", AvailabilityBenchmark.INPUT_TOPICS) == 0;
            case "Redis sink" -> ConsumerLag.ofConnectSink(admin, endpoints.kafkaClientConfig(), "connect-redis-sink-flights",
                    List.of(FLIGHT_AVAILABILITY)) == 0;
            default -> ConsumerLag.ofConnectSink(admin, endpoints.kafkaClientConfig(), "connect-elasticsearch-sink-flights",
                    List.of(FLIGHT_AVAILABILITY)) == 0;
        };
    }

    // --- Report -----------------------------------------------------------------------------------

    /** One stage's rate in the peak burst next to the ceiling for its kind of work, measured in this run. */
    record StageRatio(String stage, double perSecond, String ceiling, double ceilingPerSecond) {
    }

    record Report(String at, int cores, String kafka, double upSeconds, List<RateRun> rates, Peak peak, List<Pass> ceilings, List<StageRatio> ratios) {
    }

    private void chart(Path png) throws Exception {
        XYSeriesCollection lines = new XYSeriesCollection();
        for (String stage : STAGES) {
            XYSeries series = new XYSeries(stage + " (p50 per second)");
            new TreeMap<>(overTime.getOrDefault(stage, Map.of())).forEach((second, latencies) ->
                    series.add(second.doubleValue(), Math.max(1, latencies.percentiles().p50())));
            lines.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Commit → read model latency over the run (rates " + rates + " changes/s)",
                "seconds since the benchmark started (by commit time)", "ms", lines, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setRangeAxis(new LogarithmicAxis("ms (log scale)"));
        plot.setBackgroundPaint(Color.WHITE);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < STAGES.size(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(1.5f));
        }
        plot.setRenderer(renderer);
        Files.createDirectories(png.getParent());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1400, 700);
    }

    private static String markdown(Report r, Path chart) {
        StringBuilder md = new StringBuilder();
        md.append("# Pipeline benchmark ").append(r.at()).append(" (").append(r.cores()).append(" cores, everything on them)\n\n");
        md.append("Kafka ").append(r.kafka()).append("; `up` of the benchmark's stack (build done, fresh data): ")
                .append(r.upSeconds()).append(" s.\n\n");
        md.append("Latency in ms from the MySQL commit, single-row booking changes at fixed rates:\n\n");
        MarkdownTable latency = new MarkdownTable().right("rate/s", "achieved/s").left("stage").right("samples", "p50", "p95", "p99", "max");
        for (RateRun run : r.rates()) {
            run.latency().forEach((stage, p) -> latency.row(count(run.ratePerSecond()), perSecond(run.achievedPerSecond()), stage,
                    count(p.samples()), ms(p.p50()), ms(p.p95()), ms(p.p99()), ms(p.max())));
        }
        md.append(latency);
        MarkdownTable drain = new MarkdownTable().right("rate/s", "warm-up").left("kept pace before measuring")
                .right("JIT compilers as it began", "every model had it all, after the last commit").left("sustained");
        for (RateRun run : r.rates()) {
            drain.row(count(run.ratePerSecond()), String.format(Locale.ROOT, "%.0f s", run.warmupSeconds()),
                    run.keptPace() ? "yes" : "no (measured at the warm-up's limit)",
                    String.format(Locale.ROOT, "%.0f %% of a core", run.compilersPercentOfOneCore()),
                    String.format(Locale.ROOT, "%.1f s", run.drainSeconds()), run.sustained() ? "yes" : "no (lag grew)");
        }
        md.append('\n').append(drain);
        md.append(String.format(Locale.ROOT, "%nA warm-up lasts until every stage has kept within %d s of MySQL's commits "
                + "for %d s in a row, the JIT compilers of every JVM using at most %d %% of a core together over those seconds.%n",
                KEEP_PACE_BEHIND_SECONDS, KEEP_PACE_SECONDS, COMPILERS_SETTLED_PERCENT));
        md.append("\nCPU (% of one core) and peak memory per process while measuring:\n\n");
        MarkdownTable usage = new MarkdownTable().left("process");
        r.rates().forEach(run -> usage.right(String.format(Locale.ROOT, "%,d/s CPU", run.ratePerSecond()), "MiB"));
        if (!r.rates().isEmpty()) {
            for (String process : r.rates().getFirst().usage().services().keySet()) {
                List<String> cells = new ArrayList<>(List.of(process));
                for (RateRun run : r.rates()) {
                    cells.addAll(usageCells(run.usage().services().get(process)));
                }
                usage.row(cells.toArray());
            }
            List<String> whole = new ArrayList<>(List.of("**the whole stack** (memory: each process's peak, summed)"));
            List<String> benchmark = new ArrayList<>(List.of("the benchmark's own JVM (load generator, consumers, probes)"));
            List<String> machine = new ArrayList<>(List.of(String.format(Locale.ROOT,
                    "**the machine**, every process (all %d cores busy: %d %%)", r.cores(), r.cores() * 100)));
            for (RateRun run : r.rates()) {
                whole.add(String.format(Locale.ROOT, "%.0f %%", run.usage().servicesCpuPercentOfOneCore()));
                whole.add(count(run.usage().services().values().stream().mapToLong(ProcessUsage.Usage::peakResidentMiB).sum()));
                benchmark.addAll(usageCells(run.usage().benchmark()));
                machine.addAll(List.of(String.format(Locale.ROOT, "%.0f %%", run.usage().machineCpuPercentOfOneCore()), "–"));
            }
            usage.row(whole.toArray());
            usage.row(benchmark.toArray());
            usage.row(machine.toArray());
        }
        md.append(usage);
        Peak p = r.peak();
        md.append(String.format(Locale.ROOT, "%nPeak: %,d booking changes in multi-row transactions, committed at %,.0f/s; Debezium "
                + "had them all in Kafka at %,.0f/s.%n%n", p.changes(), p.committedPerSecond(), p.capturedPerSecond()));
        MarkdownTable stages = new MarkdownTable().left("stage").right("caught up after", "changes/s through it");
        p.stages().forEach((stage, s) -> stages.row(stage, String.format(Locale.ROOT, "%.1f s", s.caughtUpAfterSeconds()),
                perSecond(s.changesPerSecond())));
        md.append(stages);
        md.append(String.format(Locale.ROOT, "%nPeak sustained end to end: %,.0f changes/s = %.0f %% of Debezium's capture rate in "
                + "the same burst, %.0f %% of Debezium capturing alone (%,.0f/s, the same burst size with the apps and sinks "
                + "stopped).%n", p.endToEndPerSecond(), p.endToEndPercentOfCapture(), p.endToEndPercentOfCaptureAlone(),
                p.captureAlonePerSecond()));
        MarkdownTable ratios = new MarkdownTable().left("stage").right("its rate").left("ceiling (same run)").right("ceiling rate", "ratio");
        for (StageRatio s : r.ratios()) {
            ratios.row(s.stage(), perSecond(s.perSecond()) + "/s", s.ceiling(), perSecond(s.ceilingPerSecond()) + "/s",
                    percent(s.perSecond(), s.ceilingPerSecond()));
        }
        md.append('\n').append(ratios);
        md.append("\nCeilings: ");
        r.ceilings().forEach(c -> md.append(String.format(Locale.ROOT, "%s %,.0f records/s; ", c.name(), c.recordsPerSecond())));
        md.append("\n\nChart: ").append(chart.getFileName()).append('\n');
        return md.toString();
    }
}
