package dev.flightdeck.ops.status;

import java.util.Map;
import java.util.TreeMap;

/**
 * What each sink connector wrote and what its version guard skipped, summed over its tasks, as
 * the Connect worker counts them (the sinks' plugin metrics {@link #WRITTEN} and {@link #SKIPPED}).
 * Counters start at zero with each task: a worker restart, or Connect restarting its tasks.
 *
 * @param workerPid the worker the counters come from: a different pid means a restart in between
 * @param written   connector → flight versions written
 * @param skipped   connector → flight versions skipped as not newer (redeliveries)
 */
public record SinkCounters(long workerPid, Map<String, Long> written, Map<String, Long> skipped) {

    public static final String WRITTEN = "flight-versions-written-total";
    public static final String SKIPPED = "flight-versions-skipped-as-not-newer-total";

    /**
     * What happened since {@code before}: the difference; everything counted if the worker
     * restarted in between; for a connector whose counters went down (Connect restarted its tasks
     * in the same worker, e.g. after losing the broker), what its new tasks counted. A restarted
     * task that has already counted past its predecessor is not told apart: then the difference
     * is an undercount.
     */
    public SinkCounters since(SinkCounters before) {
        if (before.workerPid != workerPid) {
            return this;
        }
        Map<String, Long> writtenSince = new TreeMap<>();
        Map<String, Long> skippedSince = new TreeMap<>();
        for (String sink : written.keySet()) {
            long writtenBefore = before.written.getOrDefault(sink, 0L);
            long skippedBefore = before.skipped.getOrDefault(sink, 0L);
            boolean restarted = written.get(sink) < writtenBefore || skipped.getOrDefault(sink, 0L) < skippedBefore;
            writtenSince.put(sink, restarted ? written.get(sink) : written.get(sink) - writtenBefore);
            skippedSince.put(sink, restarted ? skipped.getOrDefault(sink, 0L) : skipped.getOrDefault(sink, 0L) - skippedBefore);
        }
        return new SinkCounters(workerPid, writtenSince, skippedSince);
    }
}
