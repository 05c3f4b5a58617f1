package dev.flightdeck.connect.sink;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * What a sink task did with the flight versions it was asked to write, as Connect plugin metrics
 * (KIP-877; JMX {@code kafka.connect:type=plugins,connector=…,task=…}):
 * <ul>
 *   <li>{@value #WRITTEN}: versions newer than what the store held, so written;</li>
 *   <li>{@value #SKIPPED}: versions the store already held, or held a newer one of: records
 *       delivered again after a crash, a rebalance or a failed attempt, which the version guard
 *       absorbs. A steady stream never produces them (versions only grow per flight and partition).</li>
 * </ul>
 * Counted per flight after a batch is coalesced to its last change per flight. And a histogram of
 * freshness, {@value #FRESHNESS}: for each version written, the time from its MySQL commit to the
 * store acknowledging the write, as cumulative bucket counters tagged {@code le} (seconds) plus
 * {@value #FRESHNESS}-count and -sum, which Prometheus reads as a histogram.
 */
public final class SinkMetrics {

    public static final String WRITTEN = "flight-versions-written-total";
    public static final String SKIPPED = "flight-versions-skipped-as-not-newer-total";
    public static final String FRESHNESS = "commit-to-store-seconds";
    /** Bucket bounds in seconds, the same as the Streams apps' freshness histograms. */
    static final double[] FRESHNESS_BOUNDS = {0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            WRITTEN, "Flight versions written because they were newer than the store's",
            SKIPPED, "Flight versions not written because the store already held them or a newer version: redeliveries absorbed "
                    + "by the version guard");
    private static final String FRESHNESS_DESCRIPTION = "Flight versions written within le seconds of their MySQL commit "
            + "(cumulative); -count: all written; -sum: their total seconds";

    private final AtomicLong written = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong[] freshnessBuckets = new AtomicLong[FRESHNESS_BOUNDS.length + 1];
    private final AtomicLong freshnessCount = new AtomicLong();
    private final AtomicLong freshnessMicros = new AtomicLong();
    private final TaskMetricGauges gauges;

    SinkMetrics(PluginMetrics plugin, LongSupplier nanoTime) {
        gauges = new TaskMetricGauges(plugin, nanoTime)
                .add(WRITTEN, Map.of(), DESCRIPTIONS.get(WRITTEN), written::get)
                .add(SKIPPED, Map.of(), DESCRIPTIONS.get(SKIPPED), skipped::get);
        for (int i = 0; i < freshnessBuckets.length; i++) {
            AtomicLong bucket = new AtomicLong();
            freshnessBuckets[i] = bucket;
            String le = i < FRESHNESS_BOUNDS.length ? bound(FRESHNESS_BOUNDS[i]) : "+Inf";
            gauges.add(FRESHNESS + "-bucket", Map.of("le", le), FRESHNESS_DESCRIPTION, bucket::get);
        }
        gauges.add(FRESHNESS + "-count", Map.of(), FRESHNESS_DESCRIPTION, freshnessCount::get)
                .add(FRESHNESS + "-sum", Map.of(), FRESHNESS_DESCRIPTION, () -> freshnessMicros.get() / 1e6)
                .register();
    }

    /** Counters registered with the worker's metrics when the task runs in Connect; plain counters without a context (unit tests). */
    public static SinkMetrics register(SinkTaskContext context) {
        return new SinkMetrics(context == null ? null : context.pluginMetrics(), System::nanoTime);
    }

    /** For tests and other hosts of the task: the same two metrics in any {@link PluginMetrics}. */
    public static SinkMetrics register(PluginMetrics plugin) {
        return new SinkMetrics(plugin, System::nanoTime);
    }

    /** One settled write: how many flights were written and how many the guard skipped. */
    public void recordWrite(int writtenFlights, int skippedFlights) {
        written.addAndGet(writtenFlights);
        skipped.addAndGet(skippedFlights);
        gauges.retryIfDue();
    }

    /** The versions just written: how long after their MySQL commit each reached the store. */
    public void recordFreshness(List<Instant> commits, Instant written) {
        for (Instant commit : commits) {
            long micros = Math.max(0, Duration.between(commit, written).toNanos() / 1000);
            double seconds = micros / 1e6;
            for (int i = 0; i < freshnessBuckets.length; i++) {
                if (i == FRESHNESS_BOUNDS.length || seconds <= FRESHNESS_BOUNDS[i]) {
                    freshnessBuckets[i].incrementAndGet();
                }
            }
            freshnessCount.incrementAndGet();
            freshnessMicros.addAndGet(micros);
        }
    }

    /** Versions written within {@code seconds} of their commit (cumulative, as Prometheus buckets are). */
    long freshnessWithin(double seconds) {
        for (int i = 0; i < FRESHNESS_BOUNDS.length; i++) {
            if (FRESHNESS_BOUNDS[i] == seconds) {
                return freshnessBuckets[i].get();
            }
        }
        throw new IllegalArgumentException(seconds + " s is not a bucket bound");
    }

    long freshnessCount() {
        return freshnessCount.get();
    }

    private static String bound(double seconds) {
        return seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds);
    }

    public long written() {
        return written.get();
    }

    public long skipped() {
        return skipped.get();
    }
}
