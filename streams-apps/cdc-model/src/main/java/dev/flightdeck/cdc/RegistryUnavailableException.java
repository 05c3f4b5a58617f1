package dev.flightdeck.cdc;

/**
 * The schema registry could not answer (unreachable, timed out, a server error): nothing is
 * wrong with the record being decoded, so it must be retried later, never dead-lettered.
 */
public final class RegistryUnavailableException extends RuntimeException {

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
