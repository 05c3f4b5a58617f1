package dev.flightdeck.stack.logs;

/** A format that a service writes its log in: reads the line that starts an event. */
interface LogFormat {

    /** The event this line starts, or null when the line is not in this format. */
    LogRecord parse(String service, String line);
}
