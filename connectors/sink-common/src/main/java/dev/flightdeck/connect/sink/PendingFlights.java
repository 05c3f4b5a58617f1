package dev.flightdeck.connect.sink;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The last updates of one put() not settled yet. Each attempt sends only the flights whose
 * updates failed transiently, so a retry does not resend what is already written; refused ones
 * are kept out of later attempts and dead-lettered once the batch is through.
 */
final class PendingFlights {

    private final List<AvailabilityUpdate> updates;
    private final Map<Integer, String> refused = new TreeMap<>();
    private List<Integer> remaining;
    private int written;
    private int skippedAsNotNewer;
    private final List<Instant> writtenCommits = new ArrayList<>();

    PendingFlights(List<AvailabilityUpdate> updates) {
        this.updates = updates;
        this.remaining = IntStream.range(0, updates.size()).boxed().toList();
    }

    /** One attempt; throws {@link FlightsLeftToRetry} while some flights failed transiently. */
    Void writeRemaining(ReadModelWriter writer) throws Exception {
        List<AvailabilityUpdate> sending = remaining.stream().map(updates::get).toList();
        List<UpdateOutcome> outcomes = writer.write(sending);
        if (outcomes.size() != sending.size()) {
            throw new IllegalStateException(writer.target() + " gave " + outcomes.size() + " outcomes for " + sending.size() + " updates");
        }
        List<Integer> failing = new ArrayList<>();
        String firstReason = null;
        for (int i = 0; i < outcomes.size(); i++) {
            int position = remaining.get(i);
            switch (outcomes.get(i)) {
                case UpdateOutcome.Written newer -> {
                    written++;
                    if (updates.get(position) instanceof AvailabilityUpdate.Upsert upsert && upsert.flight().sourceTimestamp() != null) {
                        writtenCommits.add(upsert.flight().sourceTimestamp());
                    }
                }
                case UpdateOutcome.SkippedAsNotNewer notNewer -> skippedAsNotNewer++;
                case UpdateOutcome.Refused refusal -> refused.put(position, refusal.reason());
                case UpdateOutcome.FailedTransiently failure -> {
                    failing.add(position);
                    firstReason = firstReason == null ? failure.reason() : firstReason;
                }
            }
        }
        remaining = List.copyOf(failing);
        if (!remaining.isEmpty()) {
            throw new FlightsLeftToRetry(remaining.size(), sending.size(), firstReason);
        }
        return null;
    }

    /** Positions into the updates given to the constructor → why the read model refused them. */
    Map<Integer, String> refused() {
        return Collections.unmodifiableMap(refused);
    }

    List<Integer> remaining() {
        return remaining;
    }

    int written() {
        return written;
    }

    /** The MySQL commit time of each flight version written (for the freshness histogram). */
    List<Instant> writtenCommits() {
        return writtenCommits;
    }

    int skippedAsNotNewer() {
        return skippedAsNotNewer;
    }

    /** Some flights of a write failed transiently (429, unavailable shards, …); they are sent again. */
    static final class FlightsLeftToRetry extends Exception {
        FlightsLeftToRetry(int left, int sent, String firstReason) {
            super(left + " of " + sent + " flights not written yet, e.g. " + firstReason, null, false, false);
        }
    }
}
