package dev.flightdeck.bench;

import org.HdrHistogram.Histogram;

/** Milliseconds at the usual percentiles of one histogram. */
record Percentiles(long samples, long p50, long p90, long p95, long p99, long max) {
    static Percentiles of(Histogram h) {
        return new Percentiles(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                h.getValueAtPercentile(95), h.getValueAtPercentile(99), h.getMaxValue());
    }
}
