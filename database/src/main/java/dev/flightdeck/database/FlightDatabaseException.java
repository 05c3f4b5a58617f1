package dev.flightdeck.database;

/**
 * The flights database cannot be used as asked. The message names what is wrong and what to
 * do, in one line, fit to show a user as is.
 */
public class FlightDatabaseException extends RuntimeException {

    public FlightDatabaseException(String message) {
        super(message);
    }

    public FlightDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
