package dev.flightdeck.cdc;

/**
 * A change record that decodes as Avro but does not hold what we need (a missing or renamed
 * column, an unknown enum value). Streams apps send such records to their dead-letter topic with
 * this message as the reason.
 */
public class MalformedChangeException extends RuntimeException {
    public MalformedChangeException(String message) {
        super(message);
    }

    public MalformedChangeException(String message, Throwable cause) {
        super(message, cause);
    }
}
