package dev.flightdeck.compose.driver;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one fault scenario measured.
 *
 * @param fault what was done, e.g. "a. kill -9 kafka-2, leader of cdc.flights.booking-0"
 * @param notes what recovered and when, in words
 * @param recoverySeconds from the fault (or, where the fault is healed by hand, from the healing) to the scenario's own
 *     recovery: a new leader, a new controller, tasks moved, the survivor answering, writes accepted again
 * @param wholeSeconds from the recovery step (restart, reconnect) until every container was healthy, every
 *     partition of the watched topics fully replicated and every connector running
 * @param acknowledged probe sends acknowledged ({@code acks=all})
 * @param lost acknowledged probe records missing from the topic afterwards
 * @param duplicates probe records found more than once
 * @param refused probe sends that failed, by exception in {@code refusedBy}
 * @param p99BeforeMs probe produce latency p99 in the seconds before the fault
 * @param p99FaultMs probe produce latency p99 from the fault until the traffic stopped
 * @param drift flights reconcile found wrong, per read model (and per instance asked)
 * @param acknowledgedInUnsafeWindow acknowledgements while only one broker of three ran (quorum loss only)
 * @param sentInUnsafeWindow sends tried while only one broker of three ran (quorum loss only)
 */
public record ScenarioResult(String fault, List<String> notes, double recoverySeconds, double wholeSeconds, long acknowledged,
                             long lost, long duplicates, long refused, Map<String, Long> refusedBy, double p99BeforeMs,
                             double p99FaultMs, Map<String, Integer> drift, long acknowledgedInUnsafeWindow, long sentInUnsafeWindow) {

    public static final String TABLE_HEADER = """
            | fault (under booking traffic) | recovered | whole after the recovery step | acks=all probe: acknowledged / lost / twice / refused | probe p99 in the fault (before) | drift |
            |---|---|---:|---:|---:|---:|""";

    /** The same result with reconcile's verdicts replaced, e.g. extended by a second instance's. */
    public ScenarioResult withDrift(Map<String, Integer> newDrift) {
        return new ScenarioResult(fault, notes, recoverySeconds, wholeSeconds, acknowledged, lost, duplicates, refused, refusedBy,
                p99BeforeMs, p99FaultMs, Collections.unmodifiableMap(new LinkedHashMap<>(newDrift)), acknowledgedInUnsafeWindow, sentInUnsafeWindow);
    }

    public int totalDrift() {
        return drift.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** A row of {@link #TABLE_HEADER}. */
    public String markdownRow() {
        return String.format(Locale.ROOT, "| %s | %s | %.1f s | %,d / %d / %d / %,d%s | %,.0f ms (%,.0f ms) | %d |", fault,
                String.join("; ", notes), wholeSeconds, acknowledged, lost, duplicates, refused, refusedBy.isEmpty() ? "" : " " + refusedBy,
                p99FaultMs, p99BeforeMs, totalDrift());
    }
}
