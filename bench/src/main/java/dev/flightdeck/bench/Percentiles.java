package dev.flightdeck.bench;

import org.HdrHistogram.Histogram;

/** A latency distribution in milliseconds, as the reports print it. */
record Percentiles(long samples, long p50, long p90, long p99, long max) {
    static Percentiles of(Histogram h) {
        return new Percentiles(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                h.getValueAtPercentile(99), h.getMaxValue());
    }
}
