package dev.flightdeck.connect.alertmanager;

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
 * What the task did in Alertmanager, as Connect plugin metrics (KIP-877; JMX
 * {@code kafka.connect:type=plugins,connector=…,task=…}):
 * <ul>
 *   <li>{@value #SENT}: alerts of anomalies raised, taken by Alertmanager (once per alert, however
 *       many Alertmanagers it went to);</li>
 *   <li>{@value #RESOLVED}: alerts resolved because their anomaly cleared;</li>
 *   <li>{@value #ERRORS}: requests to an Alertmanager that failed: no answer, or an answer other
 *       than success (each retried attempt counts).</li>
 * </ul>
 */
final class AlertMetrics {

    static final String SENT = "alerts-sent-total";
    static final String RESOLVED = "alerts-resolved-total";
    static final String ERRORS = "alertmanager-errors-total";

    private static final Logger log = LoggerFactory.getLogger(AlertMetrics.class);
    private static final long RETRY_REGISTRATION_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            SENT, "Alerts of raised anomalies taken by Alertmanager",
            RESOLVED, "Alerts resolved in Alertmanager because their anomaly cleared",
            ERRORS, "Requests to Alertmanager that got no answer or an answer other than success, retries included");

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong resolved = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final PluginMetrics plugin;
    private final LongSupplier nanoTime;
    private final Map<String, AtomicLong> unregistered = new LinkedHashMap<>();
    private long lastAttempt;

    AlertMetrics(PluginMetrics plugin, LongSupplier nanoTime) {
        this.plugin = plugin;
        this.nanoTime = nanoTime;
        unregistered.put(SENT, sent);
        unregistered.put(RESOLVED, resolved);
        unregistered.put(ERRORS, errors);
        if (plugin != null) {
            registerWhatIsMissing();
        }
    }

    /** Registered with the worker's metrics when the task runs in Connect; plain counters without a context. */
    static AlertMetrics register(SinkTaskContext context) {
        return new AlertMetrics(context == null ? null : context.pluginMetrics(), System::nanoTime);
    }

    /**
     * Gauges over our own counters: a task restarted while its previous instance is still
     * stopping finds the names taken, and registers them once that instance has let go. Metrics
     * are never a reason for a task to fail.
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

    void recordSent(int alerts) {
        sent.addAndGet(alerts);
        retryRegistration();
    }

    void recordResolved(int alerts) {
        resolved.addAndGet(alerts);
        retryRegistration();
    }

    void recordError() {
        errors.incrementAndGet();
        retryRegistration();
    }

    private void retryRegistration() {
        if (plugin != null && !unregistered.isEmpty() && nanoTime.getAsLong() - lastAttempt > RETRY_REGISTRATION_NANOS) {
            registerWhatIsMissing();
        }
    }

    long sent() {
        return sent.get();
    }

    long resolved() {
        return resolved.get();
    }

    long errors() {
        return errors.get();
    }
}
