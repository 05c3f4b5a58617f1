package dev.flightdeck.streams.runtime;

import dev.flightdeck.cdc.InvalidWireFormatException;
import dev.flightdeck.cdc.RegistryUnavailableException;

/**
 * Whether a failure is the record's own (it will never process: dead-letter it and go on) or the
 * world's (a registry or network that will come back: fail the task, which resumes from its last
 * commit and processes the record again, so nothing is skipped during an outage).
 */
enum FailureKind {
    BAD_RECORD, TRANSIENT;

    static FailureKind of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InvalidWireFormatException) {
                return BAD_RECORD;
            }
            if (cause instanceof RegistryUnavailableException || cause.getClass().getName().startsWith("java.net.")) {
                return TRANSIENT;
            }
        }
        return BAD_RECORD;
    }
}
