package dev.flightdeck.connect.sink;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: attempt n waits a random time in [0, min(max, first * factor^(n-1))].
 * Jitter keeps many tasks that failed together from retrying together.
 */
record Backoff(Duration first, Duration max, double factor) {

    /** The ceiling of the wait before attempt {@code attempt + 1} (attempt counts from 1). */
    public Duration ceiling(int attempt) {
        double millis = first.toMillis() * Math.pow(factor, Math.max(0, attempt - 1));
        return Duration.ofMillis((long) Math.min(max.toMillis(), millis));
    }

    public Duration delay(int attempt, RandomGenerator random) {
        long ceiling = ceiling(attempt).toMillis();
        return Duration.ofMillis(ceiling == 0 ? 0 : random.nextLong(ceiling + 1));
    }
}
