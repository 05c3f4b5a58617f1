package dev.flightdeck.ops.lagexporter;

/**
 * A poll could not read the groups for a reason outside the exporter (Kafka down, unreachable,
 * refusing): expected from time to time, so it is logged as its message alone.
 */
final class LagUnreadableException extends Exception {

    LagUnreadableException(String message, Throwable cause) {
        super(message, cause);
    }
}
