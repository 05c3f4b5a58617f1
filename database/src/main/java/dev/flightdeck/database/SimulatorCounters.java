package dev.flightdeck.database;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** The simulator's running totals, updated by all threads. */
final class SimulatorCounters {

    private static final int LATENCY_DIGITS = 3;

    private final LongAdder transactions = new LongAdder();
    private final Map<ChangeKind, LongAdder> changes = new EnumMap<>(ChangeKind.class);
    private final Map<String, LongAdder> skipped = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> retried = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final List<FaultReport> faults = new CopyOnWriteArrayList<>();
    private final Recorder latencyRecorder = new Recorder(LATENCY_DIGITS);
    private final Histogram latencyTotal = new Histogram(LATENCY_DIGITS);

    SimulatorCounters() {
        for (ChangeKind kind : ChangeKind.values()) {
            changes.put(kind, new LongAdder());
        }
    }

    void committed(TransactionTally tally, long latencyNanos) {
        transactions.increment();
        tally.changes.forEach((kind, rows) -> changes.get(kind).add(rows));
        tally.skipped.forEach((reason, count) -> skipped.computeIfAbsent(reason, key -> new LongAdder()).add(count));
        latencyRecorder.recordValue(Math.max(1, latencyNanos));
    }

    void retried(String reason) {
        retried.computeIfAbsent(reason, key -> new LongAdder()).increment();
    }

    /** Counts a failure; true the first time this reason occurs, so the caller can log it once. */
    boolean failed(String reason) {
        boolean[] first = {false};
        errors.computeIfAbsent(reason, key -> {
            first[0] = true;
            return new LongAdder();
        }).increment();
        return first[0];
    }

    void fault(FaultReport report) {
        faults.add(report);
    }

    long transactions() {
        return transactions.sum();
    }

    synchronized SimulatorStats snapshot(Duration elapsed) {
        // The recorder hands over what was recorded since the last snapshot without stopping writers.
        latencyTotal.add(latencyRecorder.getIntervalHistogram());
        return new SimulatorStats(elapsed, transactions.sum(),
                changes.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().sum())),
                sums(skipped), sums(retried), sums(errors), faults,
                Duration.ofNanos(latencyTotal.getValueAtPercentile(50)),
                Duration.ofNanos(latencyTotal.getValueAtPercentile(99)));
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counters) {
        return counters.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().sum()));
    }
}
