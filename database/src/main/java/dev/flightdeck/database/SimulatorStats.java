package dev.flightdeck.database;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a {@link BookingSimulator} has done so far.
 *
 * @param transactions committed transactions
 * @param rowChanges   rows changed by the regular traffic, by kind (faults are in {@code faults})
 * @param skipped      operations that found nothing to do, by reason (e.g. {@code cabin-full}); not errors
 * @param retried      transactions rolled back and run again, by reason (e.g. {@code deadlock})
 * @param errors       transactions that failed for good, by reason
 * @param latencyP50   median transaction time, retries included
 * @param latencyP99   99th percentile transaction time
 */
public record SimulatorStats(Duration elapsed, long transactions, Map<ChangeKind, Long> rowChanges,
                             Map<String, Long> skipped, Map<String, Long> retried, Map<String, Long> errors,
                             List<FaultReport> faults, Duration latencyP50, Duration latencyP99) {

    public SimulatorStats {
        EnumMap<ChangeKind, Long> changes = new EnumMap<>(ChangeKind.class);
        for (ChangeKind kind : ChangeKind.values()) {
            changes.put(kind, rowChanges.getOrDefault(kind, 0L));
        }
        rowChanges = Collections.unmodifiableMap(changes);
        skipped = Collections.unmodifiableMap(new TreeMap<>(skipped));
        retried = Collections.unmodifiableMap(new TreeMap<>(retried));
        errors = Collections.unmodifiableMap(new TreeMap<>(errors));
        faults = List.copyOf(faults);
    }

    public double transactionsPerSecond() {
        return elapsed.isPositive() ? transactions * 1e9 / elapsed.toNanos() : 0;
    }

    public long rowChanges(ChangeKind kind) {
        return rowChanges.get(kind);
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One line for logs: throughput, latency, row changes, skips, faults and errors. */
    public String describe() {
        return String.format("%,d tx in %.1f s (%.1f/s, p50 %.1f ms, p99 %.1f ms) | %s | skipped %s | retried %s"
                        + " | faults %d | errors %s",
                transactions, elapsed.toMillis() / 1000.0, transactionsPerSecond(), latencyP50.toNanos() / 1e6,
                latencyP99.toNanos() / 1e6,
                rowChanges.entrySet().stream()
                        .map(entry -> entry.getKey().label() + " " + entry.getValue())
                        .collect(Collectors.joining(" ")),
                counts(skipped), counts(retried), faults.size(), counts(errors));
    }

    private static String counts(Map<String, Long> counts) {
        return counts.isEmpty() ? "none" : counts.entrySet().stream()
                .map(entry -> entry.getKey() + " " + entry.getValue())
                .collect(Collectors.joining(", "));
    }
}
