package dev.flightdeck.bench;

import static dev.flightdeck.bench.MarkdownTable.ms;
import static dev.flightdeck.bench.MarkdownTable.perSecond;
import static dev.flightdeck.bench.MarkdownTable.percent;

import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.compose.driver.ContainerEngine;
import dev.flightdeck.compose.driver.FaultScenarios;
import dev.flightdeck.compose.driver.ScenarioResult;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.stack.driver.LocalStackDriver;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import redis.clients.jedis.JedisPooled;

/**
 * The compose cluster next to the local stack, one after the other on this machine: the same fixed
 * rate of booking changes (per-stage latency from the MySQL commit) and the same burst (sustained
 * end-to-end rate) on each; then, on the cluster, the node-loss scenarios, each with its time to
 * recover and the produce p99 of an {@code acks=all} probe during the failover.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "The compose cluster (three KRaft brokers, two Connect workers, two instances of each app) against the "
                + "local stack: latency and sustained throughput of the pipeline on each, then recovery time and produce p99 "
                + "per fault scenario; JSON and Markdown under .flightdeck/bench/. Needs a container engine (see docs/deploy.md).")
final class ClusterBenchmark implements Callable<Integer> {

    private static final String REDIS = "commit → Redis";

    @Option(names = "--rate", defaultValue = "100",
            description = "Single-row booking changes per second for the latency run on each (default: ${DEFAULT-VALUE}).")
    int rate;
    @Option(names = "--seconds", defaultValue = "30", description = "Measured seconds of the latency run (default: ${DEFAULT-VALUE}).")
    int measuredSeconds;
    @Option(names = "--warmup-seconds", defaultValue = "45",
            description = "Seconds at the rate before measuring, at least, while every JVM compiles its streaming paths; then until "
                    + "every stage keeps pace and the JIT compilers have settled (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;
    @Option(names = "--peak-changes", defaultValue = "20000",
            description = "Booking changes of the burst, in multi-row transactions (default: ${DEFAULT-VALUE}).")
    int peakChanges;
    @Option(names = "--scenarios", split = ",", defaultValue = "a,c,d,e,f,b",
            description = "Fault scenarios to run on the cluster, in this order (default: ${DEFAULT-VALUE}): a leader killed, "
                    + "b two of three brokers stopped, c the controller killed, d a Connect worker killed, e a seat-availability "
                    + "instance killed, f a broker cut off the network.")
    List<String> scenarios;
    @Mixin
    BenchStack benchStack;

    private final Progress console = Progress.console(System.out);

    /** The pipeline on one deployment: the latency run and the burst. */
    record Deployment(String name, PipelineBenchmark.RateRun rate, PipelineBenchmark.Peak burst) {
    }

    record Report(String at, int cores, Deployment local, Deployment cluster, List<ScenarioResult> scenarios) {
    }

    @Override
    public Integer call() throws Exception {
        // Testcontainers' start-up banner, its warning that Ryuk (a registry image) is off and the booking
        // simulator's line every 5 s would bury the progress lines.
        System.setProperty("org.slf4j.simpleLogger.log.org.testcontainers", "error");
        System.setProperty("org.slf4j.simpleLogger.log.dev.flightdeck.database.BookingSimulator", "warn");
        for (String scenario : scenarios) {
            if (!List.of("a", "b", "c", "d", "e", "f").contains(scenario)) {
                throw new IllegalArgumentException("--scenarios: no scenario '" + scenario + "' (a to f)");
            }
        }
        if (benchStack.keep) {
            throw new IllegalArgumentException("--keep does not apply to bench cluster: it stops its local stack before the "
                    + "cluster starts, so that the two never share the cores");
        }
        String missing = ContainerEngine.unavailable().orElse(null);
        if (missing != null) {
            throw new IllegalStateException("the cluster cannot run here: " + missing);
        }
        console.note("[1/3] the local stack: a stack of its own, the pipeline at " + rate + " changes/s, then a burst of "
                + peakChanges + " changes");
        LocalStackDriver stack = benchStack.wiped(console);
        Deployment local;
        try {
            stack.up("--no-simulator");
            local = measure("local stack", stack, stack.adminProfile());
        } finally {
            stack.down(); // the cluster must not share the cores with it
        }

        console.note("[2/3] the compose cluster: images, up, the snapshot read by both instances of each app; then the same runs");
        Deployment cluster;
        List<ScenarioResult> results = new ArrayList<>();
        try (FaultScenarios faults = FaultScenarios.start(benchStack.home())) {
            cluster = measure("compose cluster", null, faults.cluster().profile());
            console.note("[3/3] fault scenarios " + scenarios + " under booking traffic, each healed and reconciled");
            for (String scenario : scenarios) {
                results.add(switch (scenario) {
                    case "a" -> faults.partitionLeaderKilled();
                    case "b" -> faults.quorumLost();
                    case "c" -> faults.controllerKilled();
                    case "d" -> faults.connectWorkerKilled();
                    case "e" -> faults.seatAvailabilityInstanceKilled();
                    default -> faults.brokerCutOff();
                });
            }
        }
        Report report = new Report(LocalDateTime.now().toString(), Runtime.getRuntime().availableProcessors(), local, cluster, results);
        benchStack.report("cluster").write(report, markdown(report), console);
        return 0;
    }

    private Deployment measure(String name, LocalStackDriver stack, ClusterProfile endpoints) throws Exception {
        PipelineBenchmark pipeline = new PipelineBenchmark();
        pipeline.rates = List.of(rate);
        pipeline.measuredSeconds = measuredSeconds;
        pipeline.peakChanges = peakChanges;
        try (Admin admin = endpoints.admin(); JedisPooled redis = endpoints.openRedis(); BookingWorkload workload = new BookingWorkload(endpoints)) {
            pipeline.awaitCaughtUp(endpoints, admin);
            if (stack != null) {
                pipeline.awaitQuiet(stack);
            }
            console.note(String.format(Locale.ROOT, "%s: %,d single-row changes/s, a warm-up of %d s or more "
                    + "(until every stage keeps pace and the JIT compilers settle), %d s measured", name, rate,
                    warmupSeconds, measuredSeconds));
            PipelineBenchmark.RateRun run = pipeline.rateRun(stack, endpoints, admin, redis, workload, rate, warmupSeconds);
            pipeline.awaitCaughtUp(endpoints, admin);
            console.note(String.format(Locale.ROOT, "%s: a burst of %,d changes in multi-row transactions, each stage timed until "
                    + "it has caught up", name, peakChanges));
            PipelineBenchmark.Peak burst = pipeline.peak(endpoints, admin, workload, Double.NaN);
            return new Deployment(name, run, burst);
        }
    }

    private static String markdown(Report r) {
        StringBuilder md = new StringBuilder();
        md.append("# Cluster benchmark ").append(r.at()).append(" (").append(r.cores())
                .append(" cores; the local stack, then the compose cluster, each alone on them)\n\n");
        md.append(String.format(Locale.ROOT, "Latency from the MySQL commit at %,d single-row changes/s (p50 / p99), and the end-to-end "
                + "rate of a burst of %,d changes (the slowest stage's):%n%n", r.local().rate().ratePerSecond(), r.local().burst().changes()));
        MarkdownTable table = new MarkdownTable().left("").right("local stack", "compose cluster", "cluster / local");
        Map<String, double[]> p99 = new LinkedHashMap<>();
        r.local().rate().latency().forEach((stage, local) -> {
            Percentiles cluster = r.cluster().rate().latency().get(stage);
            table.row(stage, ms(local.p50()) + " / " + ms(local.p99()) + " ms", ms(cluster.p50()) + " / " + ms(cluster.p99()) + " ms",
                    String.format(Locale.ROOT, "p99 × %.1f", cluster.p99() / Math.max(0.1, local.p99())));
            p99.put(stage, new double[] {local.p99(), cluster.p99()});
        });
        table.row("rate achieved / sustained", perSecond(r.local().rate().achievedPerSecond()) + "/s, " + sustained(r.local()),
                perSecond(r.cluster().rate().achievedPerSecond()) + "/s, " + sustained(r.cluster()), "");
        table.row("burst: Debezium captured", perSecond(r.local().burst().capturedPerSecond()) + "/s",
                perSecond(r.cluster().burst().capturedPerSecond()) + "/s",
                percent(r.cluster().burst().capturedPerSecond(), r.local().burst().capturedPerSecond()));
        table.row("burst: end to end (every read model)", perSecond(r.local().burst().endToEndPerSecond()) + "/s",
                perSecond(r.cluster().burst().endToEndPerSecond()) + "/s",
                percent(r.cluster().burst().endToEndPerSecond(), r.local().burst().endToEndPerSecond()));
        md.append(table);
        md.append(String.format(Locale.ROOT, "%nThe cluster runs every broker, worker and app instance of compose/ on the same cores "
                + "(three brokers replicating each write, two instances of each app, a standby of every store): its figures are the "
                + "price of replication on one machine, not what it does across machines. %s p99: %.0f ms local, %.0f ms cluster.%n%n",
                REDIS, p99.getOrDefault(REDIS, new double[2])[0], p99.getOrDefault(REDIS, new double[2])[1]));
        md.append("Fault scenarios on the cluster, under booking traffic (30 tx/s) beside an acks=all probe producer (100 records/s):\n\n");
        md.append(ScenarioResult.TABLE_HEADER).append('\n');
        MarkdownTable recovery = new MarkdownTable().left("scenario").right("recovered after", "probe p99 before", "probe p99 in the fault");
        for (ScenarioResult s : r.scenarios()) {
            md.append(s.markdownRow()).append('\n');
            recovery.row(s.fault(), String.format(Locale.ROOT, "%.1f s", s.recoverySeconds()), ms(s.p99BeforeMs()) + " ms",
                    ms(s.p99FaultMs()) + " ms");
        }
        md.append('\n').append(recovery);
        return md.toString();
    }

    private static String sustained(Deployment d) {
        return d.rate().sustained() ? "sustained" : String.format(Locale.ROOT, "not sustained (drain %.1f s)", d.rate().drainSeconds());
    }
}
