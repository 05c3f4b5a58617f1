package dev.flightdeck.http;

/** A request the listener refuses before any handler sees it; the message is written for the client. */
final class MalformedRequestException extends RuntimeException {

    private final int status;

    MalformedRequestException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
