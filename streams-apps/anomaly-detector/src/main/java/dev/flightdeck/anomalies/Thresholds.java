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
 */
public record Thresholds(double overbookingAllowedPercent, double fareJumpPercent, Duration fareWindow, BigDecimal fareFloor) {

    public Thresholds {
        if (overbookingAllowedPercent < 0 || fareJumpPercent <= 0 || fareWindow.isNegative() || fareWindow.isZero()) {
            throw new IllegalArgumentException("thresholds must be positive: " + overbookingAllowedPercent + " %, "
                    + fareJumpPercent + " %, " + fareWindow);
        }
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
