package dev.flightdeck.stack.logs;

import dev.flightdeck.database.DurationText;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which records to show; every part may be null (no condition).
 *
 * @param since records at or after this time; a record without a time goes with the timed one before it
 * @param grep  records whose message or logger this pattern finds
 * @param limit only the last this many of them
 */
public record LogQuery(Instant since, Pattern grep, Integer limit) {

    /** {@code --since}: a duration back from now ({@code 30s}, {@code 5m}, {@code 2h}, {@code 1h30m}) or an ISO-8601 instant. */
    public static Instant since(String text, Instant now) {
        if (text.matches("\\d{4}-.*")) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--since " + text + " is not an instant; write it as 2026-12-04T13:00:00Z");
            }
        }
        try {
            return now.minus(DurationText.parse(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--since " + text + " is neither a duration (30s, 5m, 2h, 1h30m) "
                    + "nor an instant (2026-12-04T13:00:00Z)");
        }
    }

    /** {@code --grep}: a regular expression, matched regardless of case. */
    public static Pattern grep(String regex) {
        try {
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("--grep " + regex + " is not a regular expression: " + e.getDescription());
        }
    }

    public boolean matches(LogRecord record) {
        return grep == null || grep.matcher(record.message()).find() || grep.matcher(record.logger()).find();
    }

    /** The records of one log, or of several interleaved, that this query asks for, in their order. */
    public List<LogRecord> select(List<LogRecord> records) {
        List<LogRecord> selected = new ArrayList<>();
        boolean recent = since == null;
        for (LogRecord record : records) {
            if (since != null && record.time() != null) {
                recent = !record.time().isBefore(since);
            }
            if (recent && matches(record)) {
                selected.add(record);
            }
        }
        return limit == null || selected.size() <= limit ? selected : selected.subList(selected.size() - limit, selected.size());
    }
}
