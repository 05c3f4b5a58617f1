package dev.flightdeck.bench;

import java.util.concurrent.TimeUnit;

/** The changes a steady-rate run measures: those MySQL committed after the warm-up, for the measured seconds. */
record MeasuredWindow(long fromMillis, long toMillis) {

    static MeasuredWindow after(int warmupSeconds, int measuredSeconds) {
        long from = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(warmupSeconds);
        return new MeasuredWindow(from, from + TimeUnit.SECONDS.toMillis(measuredSeconds));
    }

    boolean holds(long committedMillis) {
        return committedMillis >= fromMillis && committedMillis < toMillis;
    }

    /** Whether a stage has passed on the changes of the window's last second, going by the newest commit time it has shown. */
    boolean reachedEnd(long newestCommittedMillis) {
        return newestCommittedMillis >= toMillis - 1000;
    }
}
