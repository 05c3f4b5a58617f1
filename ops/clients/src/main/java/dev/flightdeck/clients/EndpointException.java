package dev.flightdeck.clients;


/**
 * A service of the deployment answered in a way the caller cannot go on from (an HTTP error, a
 * refusal). The message names the service, its address and what it said, in one line.
 */
public class EndpointException extends RuntimeException {

    public EndpointException(String message) {
        super(message);
    }

    public EndpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
