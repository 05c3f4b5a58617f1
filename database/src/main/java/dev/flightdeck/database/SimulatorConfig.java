package dev.flightdeck.database;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the {@link BookingSimulator} runs.
 *
 * @param ratePerSecond    transactions per second over all threads; 0 runs unthrottled
 * @param duration         how long to run; null runs until {@link BookingSimulator#stop()}
 * @param threads          concurrent sessions, each with its own connection
 * @param seed             seeds the random choices (the interleaving of threads is not repeatable)
 * @param batchSize        operations per transaction; 1 is what a booking front end does, more
 *                         serves peak-throughput runs
 * @param holdTtl          how long a hold lasts before it expires unpaid
 * @param faults           faults to inject, in this order, {@code faultDelay} after start
 * @param faultInterval    inject {@code faults} again at this interval; null injects them once
 * @param progressInterval how often a progress line is logged
 */
public record SimulatorConfig(double ratePerSecond, Duration duration, int threads, long seed, int batchSize,
                              Duration holdTtl, List<Fault> faults, Duration faultDelay, Duration faultInterval,
                              Duration progressInterval) {

    public static final double DEFAULT_RATE = 20;
    public static final int DEFAULT_THREADS = 4;
    public static final Duration DEFAULT_HOLD_TTL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_FAULT_DELAY = Duration.ofSeconds(5);
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(5);

    public SimulatorConfig {
        if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be >= 0 transactions per second (0 = unthrottled), not "
                    + ratePerSecond);
        }
        if (duration != null && !duration.isPositive()) {
            throw new IllegalArgumentException("duration must be positive, not " + duration);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
        }
        requirePositive(holdTtl, "hold TTL");
        faults = List.copyOf(faults);
        Objects.requireNonNull(faultDelay, "fault delay");
        if (faultDelay.isNegative()) {
            throw new IllegalArgumentException("fault delay must not be negative, not " + faultDelay);
        }
        if (faultInterval != null) {
            requirePositive(faultInterval, "fault interval");
        }
        requirePositive(progressInterval, "progress interval");
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || !duration.isPositive()) {
            throw new IllegalArgumentException(name + " must be positive, not " + duration);
        }
    }

    /** 20 transactions per second on 4 threads until stopped, one operation per transaction, no faults. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(DEFAULT_RATE, null, DEFAULT_THREADS, 1, 1, DEFAULT_HOLD_TTL, List.of(),
                DEFAULT_FAULT_DELAY, null, DEFAULT_PROGRESS_INTERVAL);
    }

    public boolean unthrottled() {
        return ratePerSecond == 0;
    }

    public SimulatorConfig withRate(double ratePerSecond) {
        return new SimulatorConfig(ratePerSecond, duration, threads, seed, batchSize, holdTtl, faults, faultDelay,
                faultInterval, progressInterval);
    }

    public SimulatorConfig withDuration(Duration duration) {
        return new SimulatorConfig(ratePerSecond, duration, threads, seed, batchSize, holdTtl, faults, faultDelay,
                faultInterval, progressInterval);
    }

    public SimulatorConfig withThreads(int threads) {
        return new SimulatorConfig(ratePerSecond, duration, threads, seed, batchSize, holdTtl, faults, faultDelay,
                faultInterval, progressInterval);
    }

    public SimulatorConfig withSeed(long seed) {
        return new SimulatorConfig(ratePerSecond, duration, threads, seed, batchSize, holdTtl, faults, faultDelay,
                faultInterval, progressInterval);
    }

    public SimulatorConfig withBatchSize(int batchSize) {
        return new SimulatorConfig(ratePerSecond, duration, threads, seed, batchSize, holdTtl, faults, faultDelay,
                faultInterval, progressInterval);
    }

    public SimulatorConfig withHoldTtl(Duration holdTtl) {
        return new SimulatorConfig(ratePerSecond, duration, threads, seed, batchSize, holdTtl, faults, faultDelay,
                faultInterval, progressInterval);
    }

    public SimulatorConfig withFaults(List<Fault> faults, Duration faultDelay, Duration faultInterval) {
        return new SimulatorConfig(ratePerSecond, duration, threads, seed, batchSize, holdTtl, faults, faultDelay,
                faultInterval, progressInterval);
    }

    public SimulatorConfig withProgressInterval(Duration progressInterval) {
        return new SimulatorConfig(ratePerSecond, duration, threads, seed, batchSize, holdTtl, faults, faultDelay,
                faultInterval, progressInterval);
    }
}
