package dev.flightdeck.ops;


/**
 * A failure the person running an operation can act on. The message alone says what is wrong and
 * what to do; commands print it without a stack trace.
 */
public class OpsException extends RuntimeException {

    public OpsException(String message) {
        super(message);
    }

    public OpsException(String message, Throwable cause) {
        super(message, cause);
    }
}
