package dev.flightdeck.connect.sink;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a sink task did with the flight versions it was asked to write, as Connect plugin metrics
 * (KIP-877; JMX {@code kafka.connect:type=plugins,connector=…,task=…}):
 * <ul>
 *   <li>{@value #WRITTEN}: versions newer than what the store held, so written;</li>
 *   <li>{@value #SKIPPED}: versions the store already held, or held a newer one of: records
 *       delivered again after a crash, a rebalance or a failed attempt, which the version guard
 *       absorbs. A steady stream never produces them (versions only grow per flight and partition).</li>
 * </ul>
 * Counted per flight after a batch is coalesced to its last change per flight.
 */
public final class SinkMetrics {

    public static final String WRITTEN = "flight-versions-written-total";
    public static final String SKIPPED = "flight-versions-skipped-as-not-newer-total";

    private static final Logger log = LoggerFactory.getLogger(SinkMetrics.class);
    private static final long RETRY_REGISTRATION_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            WRITTEN, "Flight versions written because they were newer than the store's",
            SKIPPED, "Flight versions not written because the store already held them or a newer version: redeliveries absorbed "
                    + "by the version guard");

    private final AtomicLong written = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final PluginMetrics plugin;
    private final LongSupplier nanoTime;
    private final Map<String, AtomicLong> unregistered = new LinkedHashMap<>();
    private long lastAttempt;

    SinkMetrics(PluginMetrics plugin, LongSupplier nanoTime) {
        this.plugin = plugin;
        this.nanoTime = nanoTime;
        unregistered.put(WRITTEN, written);
        unregistered.put(SKIPPED, skipped);
        if (plugin != null) {
            registerWhatIsMissing();
        }
    }

    /** Counters registered with the worker's metrics when the task runs in Connect; plain counters without a context (unit tests). */
    public static SinkMetrics register(SinkTaskContext context) {
        return new SinkMetrics(context == null ? null : context.pluginMetrics(), System::nanoTime);
    }

    /** For tests and other hosts of the task: the same two metrics in any {@link PluginMetrics}. */
    public static SinkMetrics register(PluginMetrics plugin) {
        return new SinkMetrics(plugin, System::nanoTime);
    }

    /**
     * Gauges over our own counters rather than sensors: sensor names are global per worker, and
     * two tasks of one worker would share them. When Connect restarts a task whose previous
     * instance has not finished stopping (it gave up waiting, e.g. after losing the broker), that
     * instance still holds the names; registration is tried again until it lets go. Metrics are
     * never a reason for a task to fail.
     */
    private void registerWhatIsMissing() {
        lastAttempt = nanoTime.getAsLong();
        unregistered.entrySet().removeIf(metric -> {
            AtomicLong counter = metric.getValue();
            try {
                plugin.addMetric(plugin.metricName(metric.getKey(), DESCRIPTIONS.get(metric.getKey()), new LinkedHashMap<>()),
                        (Measurable) (config, now) -> counter.get());
                return true;
            } catch (IllegalArgumentException taken) {
                log.info("Metric {} is still held by this task's previous instance; registering it once that has stopped", metric.getKey());
                return false;
            }
        });
    }

    /** One settled write: how many flights were written and how many the guard skipped. */
    public void recordWrite(int writtenFlights, int skippedFlights) {
        written.addAndGet(writtenFlights);
        skipped.addAndGet(skippedFlights);
        if (plugin != null && !unregistered.isEmpty() && nanoTime.getAsLong() - lastAttempt > RETRY_REGISTRATION_NANOS) {
            registerWhatIsMissing();
        }
    }

    public long written() {
        return written.get();
    }

    public long skipped() {
        return skipped.get();
    }
}
