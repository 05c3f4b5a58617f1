package dev.flightdeck.search;

/** A request parameter the API cannot use; the message names it and says what it accepts (answered 400). */
final class BadParameterException extends RuntimeException {

    BadParameterException(String parameter, String problem) {
        super(parameter + ": " + problem);
    }
}
