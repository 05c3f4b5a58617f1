package dev.flightdeck.bench;

import static dev.flightdeck.bench.BenchSupport.round;
import static dev.flightdeck.bench.BenchSupport.seconds;

import dev.flightdeck.bench.TopicPasses.Pass;
import dev.flightdeck.cdc.flights.FlightsChanges;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.seats.SeatAvailabilityApp;
import dev.flightdeck.seats.SeatAvailabilityConfig;
import dev.flightdeck.stack.driver.LocalStackDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * seat-availability's numbers on a stack of its own. Throughput: a burst of booking changes is
 * captured by Debezium, then three consumers read the same CDC topics from the start, one after
 * the other: a plain consumer, a minimal exactly-once count into RocksDB, and the seat-availability
 * topology itself (in this JVM, fresh application id and output topic). Latency: single-row
 * commits at a steady rate; each flight-availability record's arrival minus its source commit time.
 */
@Command(name = "availability", mixinStandardHelpOptions = true,
        description = "seat-availability throughput next to a plain consumer and a minimal exactly-once aggregate, "
                + "and commit→flight-availability latency at a steady rate.")
final class AvailabilityBenchmark implements Callable<Integer> {

    static final List<String> INPUT_TOPICS =
            List.of("cdc.flights.booking", "cdc.flights.flight", "cdc.flights.seat_map", "cdc.flights.aircraft_type");
    private static final String BOOKINGS = "cdc.flights.booking";

    @Option(names = "--changes", defaultValue = "200000",
            description = "Booking changes in the throughput burst: half new holds, half confirmations (default: ${DEFAULT-VALUE}).")
    int changes;
    @Option(names = "--passes", defaultValue = "3",
            description = "Passes of each Streams reader over the input; the median is reported (default: ${DEFAULT-VALUE}).")
    int passes;
    @Option(names = "--threads", defaultValue = "1",
            description = "Stream threads of both Streams readers (default: ${DEFAULT-VALUE}).")
    int threads;
    @Option(names = "--commit-interval-ms", defaultValue = "" + SeatAvailabilityConfig.DEFAULT_COMMIT_INTERVAL_MS,
            description = "Commit interval of the topology and both Streams references: longer folds more changes of a flight "
                    + "into one publication, at the cost of latency (default: ${DEFAULT-VALUE}, the app's default).")
    long commitIntervalMs;
    @Mixin
    SteadyRate steadyRate;
    @Mixin
    BenchStack benchStack;

    private final Progress console = Progress.console(System.out);
    private final String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Integer call() throws Exception {
        LocalStackDriver stack = benchStack.wiped(console);

        console.note("[1/6] a stack of its own: MySQL, Kafka, the registry and Connect (Debezium snapshot included)");
        stack.up("--services", "mysql,kafka,schema-registry,connect");
        ClusterProfile endpoints = stack.adminProfile();
        Path work = Files.createTempDirectory("flightdeck-bench-availability");
        try (Admin admin = endpoints.admin();
             BookingWorkload workload = new BookingWorkload(endpoints)) {
            console.note(String.format(Locale.ROOT, "[2/6] burst: %,d booking changes committed in batches, captured by Debezium", changes));
            Capture capture = burst(endpoints, workload);

            console.note(String.format(Locale.ROOT, "[3/6] ceiling 1: a plain consumer reads the %d CDC topics from the start", INPUT_TOPICS.size()));
            TopicPasses passes = new TopicPasses(endpoints, INPUT_TOPICS, console, commitIntervalMs);
            Pass plain = passes.plainConsumer();
            // The two Streams passes alternate, each with a fresh application id, state and output, so that a
            // busy moment of the shared cores does not land on one of them only; the median pass is reported.
            List<Pass> minimalPasses = new ArrayList<>();
            List<Pass> perFlightPasses = new ArrayList<>();
            List<Pass> topologyPasses = new ArrayList<>();
            FlightsChanges changes = new FlightsChanges(endpoints.registry().avroDecoder());
            SeatAvailabilityApp app = null;
            String output = null;
            Written written = null;
            try {
                for (int pass = 1; pass <= this.passes; pass++) {
                    String of = this.passes == 1 ? "" : String.format(Locale.ROOT, " (pass %d of %d)", pass, this.passes);
                    console.note("[4/6] ceiling 2: a minimal exactly_once_v2 count into RocksDB over the same topics" + of);
                    minimalPasses.add(passes.minimalAggregate(admin, run + "-minimal-" + pass, work.resolve("minimal-" + pass),
                            plain.records(), threads));
                    console.note("[4/6] ceiling 3: the same count per flight, each booking change decoded and repartitioned by its flight" + of);
                    perFlightPasses.add(passes.perFlightAggregate(admin, run + "-per-flight-" + pass, work.resolve("per-flight-" + pass),
                            plain.records(), threads, BOOKINGS, changes));
                    console.note("[5/6] the seat-availability topology over the same topics (fresh application id and output topic)" + of);
                    if (app != null) {
                        app.close();
                    }
                    output = run + "-" + pass + "-flight-availability";
                    SeatAvailabilityApp started = new SeatAvailabilityApp(new SeatAvailabilityConfig(
                            appSettings(endpoints, work.resolve("topology-" + pass), run + "-seat-availability-" + pass, output, threads,
                                    commitIntervalMs)));
                    app = started;
                    topologyPasses.add(passes.streams("seat-availability topology", admin, run + "-seat-availability-" + pass,
                            plain.records(), started::start, started::streams));
                    if (pass == 1) {
                        // What each reader wrote to Kafka over the same input: the cost that sets their rates apart.
                        written = new Written(plain.records(),
                                passes.written(admin, run + "-minimal-1", List.of()),
                                passes.written(admin, run + "-per-flight-1", List.of()),
                                passes.written(admin, run + "-seat-availability-1", List.of(output)));
                    }
                }
                Pass minimal = TopicPasses.median(minimalPasses);
                Pass perFlight = TopicPasses.median(perFlightPasses);
                Pass topology = TopicPasses.median(topologyPasses);
                console.note("[6/6] latency: " + steadyRate);
                LatencyRun latency = latency(endpoints, workload, output);
                Report report = new Report(LocalDateTime.now().toString(), Runtime.getRuntime().availableProcessors(), threads,
                        commitIntervalMs, plain.records(), capture, plain, minimal, perFlight, topology, minimalPasses, perFlightPasses,
                        topologyPasses, written,
                        round(100.0 * topology.recordsPerSecond() / minimal.recordsPerSecond()),
                        round(100.0 * topology.recordsPerSecond() / perFlight.recordsPerSecond()), latency);
                benchStack.report("availability").write(report, markdown(report), console);
            } finally {
                if (app != null) {
                    app.close();
                }
            }
        } finally {
            BenchSupport.wipe(work);
            benchStack.finish(stack);
        }
        return 0;
    }

    // --- The burst and Debezium's part ------------------------------------------------------------

    /** Debezium capturing the burst: from the first commit to the last change on the booking topic. */
    record Capture(long changes, double mysqlRowsPerSecond, double capturedPerSecond) {
    }

    private Capture burst(ClusterProfile endpoints, BookingWorkload workload) throws Exception {
        try (Arrivals arrivals = Arrivals.counting(endpoints, List.of(BOOKINGS))) {
            long start = System.nanoTime();
            double commitSeconds = workload.burst(changes, console, "burst", committed -> String.format(Locale.ROOT,
                    "%,d of %,d committed, %,d in Kafka", committed, changes, arrivals.count()));
            arrivals.await(() -> arrivals.count() >= changes, Duration.ofMinutes(10), console, "burst",
                    () -> String.format(Locale.ROOT, "%,d of %,d changes in Kafka", arrivals.count(), changes));
            return new Capture(changes, round(changes / commitSeconds), round(changes / seconds(arrivals.lastArrivalNanos() - start)));
        }
    }

    // --- The three passes over the same input -----------------------------------------------------

    /** The seat-availability app in this JVM under a fresh application id, state and output topic: a pass of its own. */
    static Map<String, String> appSettings(ClusterProfile endpoints, Path stateDir, String applicationId, String output, int threads,
                                           long commitIntervalMs) throws java.io.IOException {
        Map<String, String> settings = new HashMap<>();
        settings.put(SeatAvailabilityConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers());
        settings.putAll(endpoints.streamsKafkaSettings());
        settings.put(SeatAvailabilityConfig.SCHEMA_REGISTRY_URL_CONFIG, endpoints.schemaRegistryUrl());
        settings.put(SeatAvailabilityConfig.APICURIO_REGISTRY_URL_CONFIG, endpoints.apicurioRegistryUrl());
        settings.putAll(endpoints.registryUserSettings());
        settings.put(SeatAvailabilityConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(SeatAvailabilityConfig.NUM_STREAM_THREADS_CONFIG, String.valueOf(threads));
        settings.put(SeatAvailabilityConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(SeatAvailabilityConfig.HTTP_LISTENER_CONFIG, "127.0.0.1:" + BenchSupport.freePort());
        settings.put(SeatAvailabilityConfig.OPS_LISTENER_CONFIG, "127.0.0.1:0");
        settings.put(SeatAvailabilityConfig.NUM_STANDBY_REPLICAS_CONFIG, "0");
        settings.put(SeatAvailabilityConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(commitIntervalMs));
        settings.put(SeatAvailabilityConfig.TOPIC_FLIGHT_AVAILABILITY_CONFIG, output);
        settings.put(SeatAvailabilityConfig.TOPIC_AIRCRAFT_SEATING_CONFIG, applicationId + "-aircraft-seating");
        settings.put(SeatAvailabilityConfig.TOPIC_DEAD_LETTERS_CONFIG, applicationId + "-dlq");
        return settings;
    }

    // --- Latency at a steady rate -----------------------------------------------------------------

    /** Milliseconds from the MySQL commit (the change's source time) to its arrival, per stage. */
    record LatencyRun(int ratePerSecond, double achievedPerSecond, long changes, Percentiles commitToCdcTopic,
                      Percentiles commitToPublished, Percentiles commitToFlightAvailability) {
    }

    private LatencyRun latency(ClusterProfile endpoints, BookingWorkload workload, String output) throws Exception {
        LatencyRecorder toCdc = LatencyRecorder.inMillis();
        LatencyRecorder toPublished = LatencyRecorder.inMillis();
        LatencyRecorder toOutput = LatencyRecorder.inMillis();
        MeasuredWindow window = steadyRate.window();
        try (Arrivals arrivals = new Arrivals(endpoints, List.of(BOOKINGS, output), arrival -> {
            long committed = arrival.committedMillis();
            if (!window.holds(committed)) {
                return;
            }
            if (arrival.topic().equals(BOOKINGS)) {
                toCdc.record(arrival.atMillis() - committed);
            } else {
                toPublished.record(BenchSupport.millis(arrival.value().get("updatedAt")) - committed);
                toOutput.record(arrival.atMillis() - committed);
            }
        })) {
            long total = steadyRate.changes();
            double achieved = workload.drive(steadyRate.rate, total, window.fromMillis(), console,
                    () -> String.format(Locale.ROOT, "%,d measured on flight-availability", toOutput.samples()));
            // The last changes: wait until their flights' availability has arrived, or 30 s.
            arrivals.await(() -> window.reachedEnd(arrivals.newestSourceMillis(output)), Duration.ofSeconds(30), console, "latency",
                    () -> "waiting for the last changes to reach flight-availability");
            return new LatencyRun(steadyRate.rate, round(achieved), total, toCdc.percentiles(), toPublished.percentiles(),
                    toOutput.percentiles());
        }
    }

    /**
     * Offsets each Streams reader wrote to Kafka (changelogs, repartition topics, output) in its first
     * pass, per topic; their sum per record read is its write amplification.
     */
    record Written(long recordsRead, Map<String, Long> minimalAggregate, Map<String, Long> perFlightAggregate,
                   Map<String, Long> topology) {
        String per(Map<String, Long> written) {
            long total = written.values().stream().mapToLong(Long::longValue).sum();
            return String.format(Locale.ROOT, "%.2f (%s)", (double) total / recordsRead, written.entrySet().stream()
                    .map(topic -> String.format(Locale.ROOT, "%s %,d", topic.getKey(), topic.getValue()))
                    .collect(Collectors.joining(", ")));
        }
    }

    record Report(String at, int cores, int streamThreads, long commitIntervalMs, long inputRecords, Capture capture, Pass plainConsumer,
                  Pass minimalAggregate, Pass perFlightAggregate, Pass topology, List<Pass> minimalAggregatePasses,
                  List<Pass> perFlightAggregatePasses, List<Pass> topologyPasses, Written written,
                  double topologyPercentOfMinimalAggregate, double topologyPercentOfPerFlightAggregate, LatencyRun latency) {
    }

    private static String markdown(Report r) {
        StringBuilder md = new StringBuilder();
        md.append("# seat-availability benchmark ").append(r.at()).append(" (").append(r.cores()).append(" cores)\n\n");
        md.append(String.format(Locale.ROOT, "Input: the %d CDC topics, %,d records (snapshot + a burst of %,d booking changes; "
                        + "MySQL committed the burst at %,.0f rows/s, Debezium captured it at %,.0f changes/s).%n%n",
                INPUT_TOPICS.size(), r.inputRecords(), r.capture().changes(), r.capture().mysqlRowsPerSecond(),
                r.capture().capturedPerSecond()));
        md.append(String.format(Locale.ROOT, "Stream threads: %d; commit interval %d ms. Each Streams reader made %d passes (alternating); "
                + "the table shows the median pass, all passes are listed below it.%n%n", r.streamThreads(), r.commitIntervalMs(),
                r.topologyPasses().size()));
        MarkdownTable passes = MarkdownTable.passes("pass over the same input", "vs. minimal aggregate", "vs. per-flight aggregate");
        for (Pass p : List.of(r.plainConsumer(), r.minimalAggregate(), r.perFlightAggregate(), r.topology())) {
            passes.passRow(p, MarkdownTable.percent(p, r.minimalAggregate()), MarkdownTable.percent(p, r.perFlightAggregate()));
        }
        md.append(passes);
        md.append(String.format(Locale.ROOT, "%nAll passes, records/s: minimal aggregate %s; per-flight aggregate %s; topology %s.%n",
                rates(r.minimalAggregatePasses()), rates(r.perFlightAggregatePasses()), rates(r.topologyPasses())));
        Written w = r.written();
        md.append(String.format(Locale.ROOT, "%nOffsets written to Kafka per record read (first pass; changelogs, repartition topics, "
                        + "output; commit markers included):%n- minimal aggregate %s%n- per-flight aggregate %s%n- topology %s%n",
                w.per(w.minimalAggregate()), w.per(w.perFlightAggregate()), w.per(w.topology())));
        md.append("The minimal aggregate counts the records by their key as they are; the per-flight aggregate does the least a "
                + "per-flight view must: decode each booking change and repartition it by flight.\n");
        LatencyRun l = r.latency();
        md.append(String.format(Locale.ROOT, "%nLatency at %d single-row booking changes/s (achieved %.0f/s), ms from the MySQL commit:%n%n",
                l.ratePerSecond(), l.achievedPerSecond()));
        md.append(MarkdownTable.latencies("stage")
                .latencyRow("commit → cdc.flights.booking (Debezium)", l.commitToCdcTopic())
                .latencyRow("commit → published by the topology (updatedAt)", l.commitToPublished())
                .latencyRow("commit → flight-availability read (read_committed)", l.commitToFlightAvailability()));
        return md.toString();
    }

    private static String rates(List<Pass> passes) {
        return String.join(", ", passes.stream().map(p -> String.format(Locale.ROOT, "%,.0f", p.recordsPerSecond())).toList());
    }
}
