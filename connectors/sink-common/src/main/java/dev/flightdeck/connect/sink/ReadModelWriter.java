package dev.flightdeck.connect.sink;

import java.util.List;

/**
 * Writes availability updates into one read model (the Redis store, the Elasticsearch index),
 * each guarded by its version: an update that is not newer than what the read model holds
 * changes nothing. Decoding, batching, retries, dead letters and metrics are the
 * {@link FlightSinkTask}'s; a writer only writes.
 */
public interface ReadModelWriter extends AutoCloseable {

    /** The read model written to, for logs and errors, e.g. "Redis" or "Elasticsearch alias flights". */
    String target();

    /** Makes the read model ready to take writes (e.g. creates an index); run at task start under the retry policy. */
    default void prepare() throws Exception {
    }

    /**
     * Writes the updates (at most one per flight) and says what became of each, in the order
     * given. Throws when the write as a whole failed; sending it again is safe, as the versions
     * make a repeated write change nothing.
     */
    List<UpdateOutcome> write(List<AvailabilityUpdate> updates) throws Exception;

    /** Whether a failure of {@link #prepare} or {@link #write} passes by itself (connection refused, timeout, overload). */
    boolean isTransient(Exception failure);
}
