package dev.flightdeck.connect.alertmanager;

import dev.flightdeck.connect.sink.TaskMetricGauges;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;

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

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            SENT, "Alerts of raised anomalies taken by Alertmanager",
            RESOLVED, "Alerts resolved in Alertmanager because their anomaly cleared",
            ERRORS, "Requests to Alertmanager that got no answer or an answer other than success, retries included");

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong resolved = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final TaskMetricGauges gauges;

    AlertMetrics(PluginMetrics plugin, LongSupplier nanoTime) {
        gauges = new TaskMetricGauges(plugin, nanoTime)
                .add(SENT, Map.of(), DESCRIPTIONS.get(SENT), sent::get)
                .add(RESOLVED, Map.of(), DESCRIPTIONS.get(RESOLVED), resolved::get)
                .add(ERRORS, Map.of(), DESCRIPTIONS.get(ERRORS), errors::get);
        gauges.register();
    }

    /** Registered with the worker's metrics when the task runs in Connect; plain counters without a context. */
    static AlertMetrics register(SinkTaskContext context) {
        return new AlertMetrics(context == null ? null : context.pluginMetrics(), System::nanoTime);
    }

    void recordSent(int alerts) {
        sent.addAndGet(alerts);
        gauges.retryIfDue();
    }

    void recordResolved(int alerts) {
        resolved.addAndGet(alerts);
        gauges.retryIfDue();
    }

    void recordError() {
        errors.incrementAndGet();
        gauges.retryIfDue();
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
