package dev.flightdeck.streams.runtime;

import dev.flightdeck.cdc.InvalidWireFormatException;
import dev.flightdeck.cdc.MalformedChangeException;
import dev.flightdeck.cdc.RegistryUnavailableException;
import io.apicurio.rest.client.error.ApicurioRestClientException;
import io.apicurio.registry.rest.client.exception.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.SystemLimitException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Whose fault it is that a record could not be read or processed, which decides what becomes of
 * the record. Decided by the exception types the decoders throw for bad bytes and bad content, never
 * by default: anything not known to be the record's fault or the world's is this program's.
 */
enum FailureKind {

    /**
     * The record's own: it can never be processed (bytes that do not decode, an unknown schema id, a
     * size over Avro's limits, a needed column missing). It goes to the dead-letter topic with the
     * reason and processing goes on.
     */
    BAD_RECORD,

    /**
     * The world's: a registry or network that will come back. The task fails and resumes from its
     * last commit, so the record is processed again, not skipped.
     */
    TRANSIENT,

    /**
     * This program's: a bug (a NullPointerException, an IllegalStateException), or a record this
     * build cannot read that a newer one can. Never dead-lettered: the task fails loudly; after the
     * bounded thread replacements Kafka Streams stops and the process exits 1.
     */
    FAILURE;

    /** A failure to process a record whose bytes were read (a decoder called by a processor, the processor itself). */
    static FailureKind whileProcessing(Throwable failure) {
        return of(failure, false);
    }

    /** A failure of a key or value deserializer: a SerializationException is then the bytes' fault too. */
    static FailureKind whileDeserializing(Throwable failure) {
        return of(failure, true);
    }

    private static FailureKind of(Throwable failure, boolean deserializing) {
        List<Throwable> chain = causes(failure);
        if (chain.stream().anyMatch(FailureKind::outage)) {
            return TRANSIENT;
        }
        if (chain.stream().anyMatch(cause -> cause instanceof JsonSerde.UnknownVersionException)) {
            return FAILURE;
        }
        if (chain.stream().anyMatch(cause -> cause instanceof InvalidWireFormatException || cause instanceof MalformedChangeException
                || cause instanceof SystemLimitException || cause instanceof NotFoundException)) {
            return BAD_RECORD;
        }
        if (deserializing && chain.stream().anyMatch(cause -> cause instanceof SerializationException)) {
            return BAD_RECORD;
        }
        return FAILURE;
    }

    /** The registry or the network failing, in our decoders' words, Apicurio's client's, Kafka's or the JDK's. */
    private static boolean outage(Throwable cause) {
        return cause instanceof RegistryUnavailableException
                || cause instanceof ApicurioRestClientException && !(cause instanceof NotFoundException)
                || cause instanceof RetriableException
                || cause.getClass().getName().startsWith("java.net.");
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = failure; cause != null && !chain.contains(cause) && chain.size() < 32; cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }
}
