package dev.flightdeck.clients;


/** A cluster profile that cannot be used as it is; the message names the file and the key to fix. */
public final class ProfileException extends RuntimeException {

    public ProfileException(String message) {
        super(message);
    }

    public ProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
