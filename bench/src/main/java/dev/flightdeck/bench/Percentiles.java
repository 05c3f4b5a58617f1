package dev.flightdeck.bench;

/** Milliseconds (to a tenth) at the usual percentiles of one stage's latencies, and how many were measured. */
record Percentiles(long samples, double p50, double p90, double p95, double p99, double max) {
    /** No samples at all. */
    static final Percentiles NONE = new Percentiles(0, 0, 0, 0, 0, 0);
}
