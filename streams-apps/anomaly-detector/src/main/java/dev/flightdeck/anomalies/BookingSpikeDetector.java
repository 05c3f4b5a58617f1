package dev.flightdeck.anomalies;

import dev.flightdeck.schemas.Anomaly;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Booking spikes, per flight: the final count of new bookings of each closed window (event time,
 * after its grace period) against that flight's own baseline, an exponentially weighted mean and
 * variance of its past windows. A window at least spike.min.count strong and spike.z standard
 * deviations above the mean alerts (warning), once: windows are final when they reach here.
 * Windows without bookings never arrive; the baseline decays over them as if each counted zero.
 * The store holds per flight "lastWindowStart|mean|variance".
 */
final class BookingSpikeDetector implements Processor<Windowed<Long>, Long, String, Anomaly> {

    static final String STORE = "booking-baselines";
    /** A floor under the variance: a flight that never saw a booking must not alert on its second. */
    private static final double MIN_VARIANCE = 1.0;
    private static final int MAX_DECAY_STEPS = 10_000;

    private final Thresholds thresholds;
    private final Alerts alerts;
    private ProcessorContext<String, Anomaly> context;
    private KeyValueStore<Long, String> baselines;

    BookingSpikeDetector(Thresholds thresholds, Alerts alerts) {
        this.thresholds = thresholds;
        this.alerts = alerts;
    }

    @Override
    public void init(ProcessorContext<String, Anomaly> context) {
        this.context = context;
        this.baselines = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<Windowed<Long>, Long> record) {
        long flightId = record.key().key();
        long windowStart = record.key().window().start();
        long count = record.value() == null ? 0 : record.value();
        long size = thresholds.spikeWindow().toMillis();
        double alpha = thresholds.spikeAlpha();
        String stored = baselines.get(flightId);
        double mean = 0;
        double variance = 0;
        if (stored != null) {
            String[] parts = stored.split("\\|");
            long last = Long.parseLong(parts[0]);
            if (windowStart <= last) {
                return; // a window already counted (a replay)
            }
            mean = Double.parseDouble(parts[1]);
            variance = Double.parseDouble(parts[2]);
            long empty = Math.min(MAX_DECAY_STEPS, (windowStart - last) / size - 1);
            for (long i = 0; i < empty; i++) { // windows without bookings count as zero
                variance = (1 - alpha) * (variance + alpha * mean * mean);
                mean = (1 - alpha) * mean;
            }
        }
        double sd = Math.sqrt(Math.max(variance, MIN_VARIANCE));
        double limit = mean + thresholds.spikeZ() * sd;
        if (count >= thresholds.spikeMinCount() && count > limit) {
            alerts.raise(context, record, spike(flightId, windowStart, windowStart + size, count, mean, sd, limit));
        }
        double delta = count - mean;
        mean += alpha * delta;
        variance = (1 - alpha) * (variance + alpha * delta * delta);
        baselines.put(flightId, windowStart + "|" + mean + "|" + variance);
    }

    private Anomaly spike(long flightId, long start, long end, long count, double mean, double sd, double limit) {
        String id = Alerts.stableId(Alerts.BOOKING_SPIKE, flightId, start);
        String explanation = String.format("Flight %d got %d new bookings between %s and %s; its usual is %.1f ± %.1f per window "
                + "(alert above %.1f)", flightId, count, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), mean, sd, limit);
        return alerts.begin(id, Alerts.BOOKING_SPIKE, Alerts.WARNING, end, List.of("new bookings in window " + count,
                        String.format("baseline mean %.2f, standard deviation %.2f", mean, sd)), explanation)
                .setFlightId(flightId).setWindowStart(Instant.ofEpochMilli(start)).setWindowEnd(Instant.ofEpochMilli(end))
                .setObserved((double) count).setExpected(limit).build();
    }
}
