package dev.flightdeck.anomalies;

import dev.flightdeck.schemas.Anomaly;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Spikes of one kind of activity per key (new bookings per flight or per route, cancellations per
 * route): the final count of each closed window (event time, after its grace period) against that
 * key's own baseline, an exponentially weighted mean and variance of its past windows. A window at
 * least the rule's minimum count strong and z standard deviations above the mean alerts (warning),
 * once: windows are final when they reach here. Windows without activity never arrive; the
 * baseline decays over them as if each counted zero. The store holds each key's {@link Baseline}.
 *
 * @param <K> the key counted per: a flight id or a route
 */
final class SpikeDetector<K> implements Processor<Windowed<K>, Long, String, Anomaly> {

    /** What is counted, per what, and how an alert names it. */
    record Kind<K>(String type, String store, String counted, String entity, BiConsumer<Anomaly.Builder, K> describe) {

        static final Kind<Long> FLIGHT_BOOKINGS = new Kind<>(Alerts.BOOKING_SPIKE, "booking-baselines", "new bookings", "Flight",
                (alert, flightId) -> alert.setFlightId(flightId));
        static final Kind<String> ROUTE_BOOKINGS = new Kind<>(Alerts.BOOKING_SPIKE, "route-booking-baselines", "new bookings", "Route",
                (alert, route) -> alert.setRoute(route));
        static final Kind<String> ROUTE_CANCELLATIONS = new Kind<>(Alerts.CANCELLATION_BURST, "route-cancellation-baselines",
                "cancellations", "Route", (alert, route) -> alert.setRoute(route));
    }

    /**
     * One key's baseline: the exponentially weighted mean and variance of its windows up to
     * {@code lastWindowStart}, the start of the last window counted.
     */
    record Baseline(Instant lastWindowStart, double mean, double variance) {
    }

    /** A floor under the variance: a key that never saw activity must not alert on its second event. */
    private static final double MIN_VARIANCE = 1.0;
    private static final int MAX_DECAY_STEPS = 10_000;

    private final Kind<K> kind;
    private final Thresholds.ActivityWindows windows;
    private final Thresholds.SpikeRule rule;
    private final Alerts alerts;
    private ProcessorContext<String, Anomaly> context;
    private KeyValueStore<K, Baseline> baselines;

    SpikeDetector(Kind<K> kind, Thresholds.ActivityWindows windows, Thresholds.SpikeRule rule, Alerts alerts) {
        this.kind = kind;
        this.windows = windows;
        this.rule = rule;
        this.alerts = alerts;
    }

    @Override
    public void init(ProcessorContext<String, Anomaly> context) {
        this.context = context;
        this.baselines = context.getStateStore(kind.store());
    }

    @Override
    public void process(Record<Windowed<K>, Long> record) {
        K key = record.key().key();
        long windowStart = record.key().window().start();
        long count = record.value() == null ? 0 : record.value();
        long size = windows.size().toMillis();
        double alpha = windows.alpha();
        Baseline stored = baselines.get(key);
        double mean = 0;
        double variance = 0;
        if (stored != null) {
            long last = stored.lastWindowStart().toEpochMilli();
            if (windowStart <= last) {
                return; // a window already counted (a replay)
            }
            mean = stored.mean();
            variance = stored.variance();
            long empty = Math.min(MAX_DECAY_STEPS, (windowStart - last) / size - 1);
            for (long i = 0; i < empty; i++) { // windows without activity count as zero
                variance = (1 - alpha) * (variance + alpha * mean * mean);
                mean = (1 - alpha) * mean;
            }
        }
        double sd = Math.sqrt(Math.max(variance, MIN_VARIANCE));
        double limit = mean + rule.z() * sd;
        if (count >= rule.minCount() && count > limit) {
            alerts.raise(context, record, spike(key, windowStart, windowStart + size, count, mean, sd, limit));
        }
        double delta = count - mean;
        mean += alpha * delta;
        variance = (1 - alpha) * (variance + alpha * delta * delta);
        baselines.put(key, new Baseline(Instant.ofEpochMilli(windowStart), mean, variance));
    }

    private Anomaly spike(K key, long start, long end, long count, double mean, double sd, double limit) {
        String id = Alerts.stableId(kind.type(), key, start);
        String explanation = String.format("%s %s got %d %s between %s and %s; its usual is %.1f ± %.1f per window (alert above %.1f)",
                kind.entity(), key, count, kind.counted(), Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), mean, sd, limit);
        Anomaly.Builder alert = alerts.begin(id, kind.type(), Alerts.WARNING, end, List.of(kind.counted() + " in window " + count,
                        String.format("baseline mean %.2f, standard deviation %.2f", mean, sd)), explanation)
                .setWindowStart(Instant.ofEpochMilli(start)).setWindowEnd(Instant.ofEpochMilli(end))
                .setObserved((double) count).setExpected(limit);
        kind.describe().accept(alert, key);
        return alert.build();
    }
}
