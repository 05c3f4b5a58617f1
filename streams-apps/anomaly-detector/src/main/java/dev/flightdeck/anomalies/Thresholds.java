package dev.flightdeck.anomalies;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * What counts as an anomaly; each detector's limits, from the app's configuration.
 *
 * @param overbookingAllowedPercent held + confirmed may exceed a cabin's capacity by this much
 *                                  (airlines overbook on purpose) before it is an anomaly
 * @param fareJumpPercent           a fare this much above the fare at the start of the window alerts
 * @param fareWindow                the window fare jumps are measured in
 * @param fareFloor                 a fare below this alerts (a typo such as 9.90 for 99.00)
 * @param spikeWindow               bookings are counted per flight in windows this long (event time)
 * @param spikeGrace                how late a booking may come and still count in its window
 * @param spikeMinCount             a window with fewer new bookings never alerts (quiet flights are noisy)
 * @param spikeZ                    a window this many standard deviations above the flight's mean alerts
 * @param spikeAlpha                weight of the newest window in the flight's mean and variance
 */
public record Thresholds(double overbookingAllowedPercent, double fareJumpPercent, Duration fareWindow, BigDecimal fareFloor,
                         Duration spikeWindow, Duration spikeGrace, int spikeMinCount, double spikeZ, double spikeAlpha) {

    public Thresholds {
        if (overbookingAllowedPercent < 0 || fareJumpPercent <= 0 || !positive(fareWindow) || !positive(spikeWindow)
                || spikeGrace.isNegative() || spikeMinCount < 1 || spikeZ <= 0 || spikeAlpha <= 0 || spikeAlpha >= 1) {
            throw new IllegalArgumentException("thresholds out of range: " + overbookingAllowedPercent + " %, " + fareJumpPercent
                    + " %, " + fareWindow + ", " + spikeWindow + " + " + spikeGrace + ", min " + spikeMinCount + ", z " + spikeZ
                    + ", alpha " + spikeAlpha);
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
