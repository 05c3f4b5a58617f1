package dev.flightdeck.stack;


/**
 * A failure the user can act on. The message alone must say what is wrong and what to do; the CLI
 * prints it without a stack trace.
 */
public class StackException extends RuntimeException {
    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
