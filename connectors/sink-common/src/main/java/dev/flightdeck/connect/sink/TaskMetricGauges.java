package dev.flightdeck.connect.sink;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink task's plugin metrics (KIP-877; JMX {@code kafka.connect:type=plugins,connector=…,task=…})
 * as gauges over the task's own counters rather than sensors: sensor names are global per worker,
 * and two tasks of one worker would share them. When Connect restarts a task whose previous
 * instance has not finished stopping (it gave up waiting, e.g. after losing the broker), that
 * instance still holds the names; registration is tried again, at most once a second, until it
 * lets go. Metrics are never a reason for a task to fail. Without a worker (unit tests) nothing is
 * registered and the counters still count.
 */
public final class TaskMetricGauges {

    private static final Logger log = LoggerFactory.getLogger(TaskMetricGauges.class);
    private static final long RETRY_REGISTRATION_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** A gauge to register: its name, its tags beyond the task's own, what it says and where its value comes from. */
    private record Gauge(String name, Map<String, String> tags, String description, DoubleSupplier value) {
    }

    private final PluginMetrics plugin;
    private final LongSupplier nanoTime;
    private final Map<String, Gauge> unregistered = new LinkedHashMap<>();
    private long lastAttempt;

    public TaskMetricGauges(PluginMetrics plugin, LongSupplier nanoTime) {
        this.plugin = plugin;
        this.nanoTime = nanoTime;
    }

    /** Adds a gauge; call {@link #register} once all are added. */
    public TaskMetricGauges add(String name, Map<String, String> tags, String description, DoubleSupplier value) {
        unregistered.put(name + tags, new Gauge(name, tags, description, value));
        return this;
    }

    /** Registers every gauge not registered yet. */
    public void register() {
        if (plugin == null) {
            return;
        }
        lastAttempt = nanoTime.getAsLong();
        unregistered.values().removeIf(gauge -> {
            try {
                plugin.addMetric(plugin.metricName(gauge.name(), gauge.description(), new LinkedHashMap<>(gauge.tags())),
                        (Measurable) (config, now) -> gauge.value().getAsDouble());
                return true;
            } catch (IllegalArgumentException taken) {
                log.info("Metric {} {} is still held by this task's previous instance; registering it once that has stopped",
                        gauge.name(), gauge.tags());
                return false;
            }
        });
    }

    /** After the counters moved: registers what the previous instance held, if a second has passed since the last try. */
    public void retryIfDue() {
        if (plugin != null && !unregistered.isEmpty() && nanoTime.getAsLong() - lastAttempt > RETRY_REGISTRATION_NANOS) {
            register();
        }
    }
}
