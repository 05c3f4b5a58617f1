package dev.flightdeck.connect.sink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A read model in memory with the version guard of the real ones (a version not newer than the
 * stored one is skipped), which a test can tell to fail. {@link #isTransient} takes
 * {@link java.net.ConnectException} as the failure that passes.
 */
final class InMemoryReadModel implements ReadModelWriter {

    /** Flight id → stored version (deletes keep theirs, as the markers do). */
    final Map<Long, Long> versions = new HashMap<>();
    /** Every batch {@link #write} was given, attempts included. */
    final List<List<AvailabilityUpdate>> writes = new ArrayList<>();
    /** Thrown by the next calls of {@link #prepare} or {@link #write}, one each. */
    final Deque<Exception> failures = new ArrayDeque<>();
    /** Flight id → why its updates are refused, every time. */
    final Map<Long, String> refusing = new HashMap<>();
    /** Flight id → why its next update fails transiently, once. */
    final Map<Long, String> overloadedOnce = new HashMap<>();
    boolean closed;

    @Override
    public String target() {
        return "the in-memory read model";
    }

    @Override
    public void prepare() throws Exception {
        if (!failures.isEmpty()) {
            throw failures.poll();
        }
    }

    @Override
    public List<UpdateOutcome> write(List<AvailabilityUpdate> updates) throws Exception {
        writes.add(List.copyOf(updates));
        if (!failures.isEmpty()) {
            throw failures.poll();
        }
        return updates.stream().map(this::apply).toList();
    }

    private UpdateOutcome apply(AvailabilityUpdate update) {
        if (refusing.containsKey(update.flightId())) {
            return UpdateOutcome.refused(refusing.get(update.flightId()));
        }
        String overloaded = overloadedOnce.remove(update.flightId());
        if (overloaded != null) {
            return UpdateOutcome.failedTransiently(overloaded);
        }
        Long stored = versions.get(update.flightId());
        if (stored != null && stored >= update.version()) {
            return UpdateOutcome.SKIPPED_AS_NOT_NEWER;
        }
        versions.put(update.flightId(), update.version());
        return UpdateOutcome.WRITTEN;
    }

    @Override
    public boolean isTransient(Exception failure) {
        return failure instanceof java.net.ConnectException;
    }

    @Override
    public void close() {
        closed = true;
    }
}
