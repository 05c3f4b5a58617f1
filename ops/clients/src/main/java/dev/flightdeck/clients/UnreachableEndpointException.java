package dev.flightdeck.clients;


/** A service of the deployment could not be reached at all (refused, timed out, unknown host). */
public final class UnreachableEndpointException extends EndpointException {

    public UnreachableEndpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
