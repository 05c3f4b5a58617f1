package dev.flightdeck.connect.sink;

/** What became of one {@link AvailabilityUpdate} in a {@link ReadModelWriter#write}. */
public sealed interface UpdateOutcome {

    UpdateOutcome WRITTEN = new Written();
    UpdateOutcome SKIPPED_AS_NOT_NEWER = new SkippedAsNotNewer();

    static UpdateOutcome failedTransiently(String reason) {
        return new FailedTransiently(reason);
    }

    static UpdateOutcome refused(String reason) {
        return new Refused(reason);
    }

    /** Newer than the version the read model held: written. */
    record Written() implements UpdateOutcome {
    }

    /** The read model already held this version or a newer one: a redelivery the version guard absorbed. */
    record SkippedAsNotNewer() implements UpdateOutcome {
    }

    /** Failed in a way that passes by itself (overload, a shard moving): sent again under the retry policy. */
    record FailedTransiently(String reason) implements UpdateOutcome {
    }

    /** The read model will never take this update as it is (e.g. a mapping error): its record goes to the dead-letter topic. */
    record Refused(String reason) implements UpdateOutcome {
    }
}
