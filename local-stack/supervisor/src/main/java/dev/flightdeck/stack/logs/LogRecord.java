package dev.flightdeck.stack.logs;

import java.time.Instant;
import java.util.Objects;

/**
 * One event of a service's log, whatever format the service's program wrote it in: what
 * {@code flightdeck logs} prints, interleaves and filters.
 *
 * @param time      when it happened; null for lines in no known format at the start of a log
 * @param service   the service whose log holds it (its {@code ServiceId} key)
 * @param level     TRACE, DEBUG, INFO, WARN, ERROR or FATAL; empty when the format has no level
 * @param logger    the logger, subsystem or source location that wrote it; empty when there is none
 * @param message   the message, with the lines that continued it
 * @param exception the stack trace, or null when there is none
 */
public record LogRecord(Instant time, String service, String level, String logger, String message, String exception) {

    public LogRecord {
        Objects.requireNonNull(service, "service");
        level = level == null ? "" : level;
        logger = logger == null ? "" : logger;
        message = message == null ? "" : message;
    }
}
