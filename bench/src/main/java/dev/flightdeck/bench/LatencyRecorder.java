package dev.flightdeck.bench;

import org.HdrHistogram.Histogram;

/**
 * Latencies of one measured stage, in whole milliseconds or in microseconds, summarised as
 * {@link Percentiles} in milliseconds. Probes and readers on other threads may record and read at once.
 */
final class LatencyRecorder {

    private final Histogram histogram = new Histogram(3);
    private final double unitsPerMilli;

    private LatencyRecorder(double unitsPerMilli) {
        this.unitsPerMilli = unitsPerMilli;
    }

    /** For latencies between wall-clock timestamps, which are whole milliseconds. */
    static LatencyRecorder inMillis() {
        return new LatencyRecorder(1);
    }

    /** For latencies timed within this JVM by System.nanoTime(), where a millisecond is too coarse. */
    static LatencyRecorder inMicros() {
        return new LatencyRecorder(1000);
    }

    /** A negative latency (two clocks a little apart) counts as 0. */
    synchronized void record(long latency) {
        histogram.recordValue(Math.max(0, latency));
    }

    synchronized long samples() {
        return histogram.getTotalCount();
    }

    synchronized Percentiles percentiles() {
        return new Percentiles(histogram.getTotalCount(), millis(histogram.getValueAtPercentile(50)),
                millis(histogram.getValueAtPercentile(90)), millis(histogram.getValueAtPercentile(95)),
                millis(histogram.getValueAtPercentile(99)), millis(histogram.getMaxValue()));
    }

    private double millis(long value) {
        return BenchSupport.round(value / unitsPerMilli);
    }
}
