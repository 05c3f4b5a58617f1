package dev.flightdeck.http;

/**
 * A service's answer to a well-formed request. An exception thrown here is the service's fault: it
 * is logged with the request id and answered 500 with that id, never with its text.
 */
@FunctionalInterface
public interface RequestHandler {

    HttpResponse handle(HttpRequest request) throws Exception;
}
