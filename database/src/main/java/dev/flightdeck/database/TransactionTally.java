package dev.flightdeck.database;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What one transaction changed, counted only once it commits. */
final class TransactionTally {

    final Map<ChangeKind, Integer> changes = new EnumMap<>(ChangeKind.class);
    final Map<String, Integer> skipped = new HashMap<>();
    final List<Runnable> afterCommit = new ArrayList<>();

    void changed(ChangeKind kind, int rows) {
        if (rows > 0) {
            changes.merge(kind, rows, Integer::sum);
        }
    }

    void skipped(String reason) {
        skipped.merge(reason, 1, Integer::sum);
    }

    /** Runs {@code action} if and when the transaction commits, e.g. to publish a new passenger id. */
    void afterCommit(Runnable action) {
        afterCommit.add(action);
    }
}
