package dev.flightdeck.stack.logs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Groups one service's lines into records: a line in a known format starts a record; any other
 * line continues the record before it, as its stack trace (the lines of a Java stack trace, and
 * everything after them) or as more of its message. A continuation line with no record before it
 * starts a record of its own, without a time.
 */
final class RecordAssembler {

    /** The lines a Java stack trace is made of: the exception, its frames, causes and elisions. */
    private static final Pattern STACK_TRACE = Pattern.compile(
            "\\s+at \\S|\\s*\\.\\.\\. \\d+ (?:more|common frames omitted)|\\s*(?:Caused by|Suppressed): "
                    + "|(?:[\\w$]+\\.)+[\\w$]*(?:Exception|Error|Throwable)(?::|$)");

    private final String service;
    private final boolean skipLeadingContinuations;
    private final List<LogRecord> completed = new ArrayList<>();
    private Pending pending;
    private boolean started;

    /**
     * @param skipLeadingContinuations drop continuation lines before the first record: reading
     *                                 from the middle of a file, they belong to a record before it
     */
    RecordAssembler(String service, boolean skipLeadingContinuations) {
        this.service = service;
        this.skipLeadingContinuations = skipLeadingContinuations;
    }

    void accept(String line) {
        LogRecord header = LogFormats.parse(service, line);
        if (header != null) {
            flush();
            pending = new Pending(header);
            started = true;
            return;
        }
        if ((line.isBlank() && pending == null) || (skipLeadingContinuations && !started)) {
            return;
        }
        if (pending == null) {
            pending = new Pending(new LogRecord(null, service, "", "", line, null));
            started = true;
        } else {
            pending.continueWith(line);
        }
    }

    /** The records no later line can add to any more, in file order; they are handed out once. */
    List<LogRecord> takeCompleted() {
        List<LogRecord> records = List.copyOf(completed);
        completed.clear();
        return records;
    }

    /** Ends the record being read (no more lines will come for it now). */
    void flush() {
        if (pending != null) {
            completed.add(pending.record());
            pending = null;
        }
    }

    /** Every record, the last one included. */
    List<LogRecord> finish() {
        flush();
        return takeCompleted();
    }

    private static final class Pending {
        private final Instant time;
        private final String service;
        private String level;
        private final String logger;
        private final StringBuilder message;
        private StringBuilder exception;

        Pending(LogRecord header) {
            time = header.time();
            service = header.service();
            level = header.level();
            logger = header.logger();
            message = new StringBuilder(header.message());
            exception = header.exception() == null ? null : new StringBuilder(header.exception());
        }

        void continueWith(String line) {
            Matcher jul = PreJsonTextFormat.JUL_MESSAGE.matcher(line);
            if (level.isEmpty() && message.isEmpty() && jul.matches()) {
                level = LogFormats.level(jul.group(1));
                message.append(jul.group(2));
            } else if (exception != null) {
                exception.append('\n').append(line);
            } else if (STACK_TRACE.matcher(line).lookingAt()) {
                exception = new StringBuilder(line);
            } else {
                message.append('\n').append(line);
            }
        }

        LogRecord record() {
            return new LogRecord(time, service, level, logger, message.toString().stripTrailing(),
                    exception == null ? null : exception.toString().stripTrailing());
        }
    }
}
