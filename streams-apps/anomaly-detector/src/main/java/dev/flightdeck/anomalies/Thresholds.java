package dev.flightdeck.anomalies;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * What counts as an anomaly; each detector's limits, from the app's configuration.
 *
 * @param overbookingAllowedPercent held + confirmed may exceed a cabin's capacity by this much
 *                                  (airlines overbook on purpose) before it is an anomaly
 * @param overbookingConfirm        a cabin must stay over its allowance this long (wall clock) before it alerts
 * @param fareJumpPercent           a fare this much above the fare at the start of the window alerts
 * @param fareWindow                the window fare jumps are measured in
 * @param fareFloor                 a fare below this alerts (a typo such as 9.90 for 99.00)
 * @param activity                  the windows bookings and cancellations are counted in
 * @param flightSpike               when a flight's new bookings in a window are a spike
 * @param routeSpike                when a route's new bookings in a window are a spike
 * @param cancellationBurst         when a route's cancellations in a window are a burst
 * @param freshnessMaxLag           a change processed this long after its commit means the pipeline lags
 * @param deadLettersWindow         a dead-letter topic alerts at most once per window this long
 */
public record Thresholds(double overbookingAllowedPercent, Duration overbookingConfirm, double fareJumpPercent, Duration fareWindow, BigDecimal fareFloor,
                         ActivityWindows activity, SpikeRule flightSpike, SpikeRule routeSpike, SpikeRule cancellationBurst,
                         Duration freshnessMaxLag, Duration deadLettersWindow) {

    /**
     * How booking activity is counted: per key in windows of event time (the source commit time),
     * each judged once after its grace period against the key's exponentially weighted baseline.
     *
     * @param size  window length
     * @param grace how late a change may come and still count in its window
     * @param alpha weight of the newest window in the key's mean and variance
     */
    public record ActivityWindows(Duration size, Duration grace, double alpha) {
        public ActivityWindows {
            if (!positive(size) || grace.isNegative() || alpha <= 0 || alpha >= 1) {
                throw new IllegalArgumentException("activity windows out of range: " + size + " + " + grace + ", alpha " + alpha);
            }
        }
    }

    /**
     * When a window's count is an anomaly.
     *
     * @param minCount a window with fewer never alerts (quiet keys are noisy)
     * @param z        a window this many standard deviations above the key's mean alerts
     */
    public record SpikeRule(int minCount, double z) {
        public SpikeRule {
            if (minCount < 1 || z <= 0) {
                throw new IllegalArgumentException("spike rule out of range: min " + minCount + ", z " + z);
            }
        }
    }

    public Thresholds {
        if (overbookingAllowedPercent < 0 || overbookingConfirm.isNegative() || fareJumpPercent <= 0 || !positive(fareWindow) || !positive(freshnessMaxLag)
                || !positive(deadLettersWindow)) {
            throw new IllegalArgumentException("thresholds out of range: " + overbookingAllowedPercent + " %, " + fareJumpPercent
                    + " %, " + fareWindow + ", freshness " + freshnessMaxLag);
        }
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    /**
     * The seats a cabin may have taken before it is overbooked beyond the allowance: the capacity
     * plus the allowance rounded up to a whole seat (5 % of a 9-seat cabin allows one more).
     */
    int allowedSeats(int capacity) {
        // Less a hair, so that an allowance of exactly whole seats (5 % of 100) is not pushed up by rounding error.
        return capacity + (int) Math.ceil(capacity * overbookingAllowedPercent / 100.0 - 1e-9);
    }
}
