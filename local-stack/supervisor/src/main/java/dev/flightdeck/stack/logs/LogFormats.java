package dev.flightdeck.stack.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Every format the stack's services write, tried in turn on a line; and what they share: reading
 * a time, and naming a level the same way for all.
 */
final class LogFormats {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<JsonLogFormat> JSON_FORMATS = List.of(new FlightdeckJsonFormat(), new GoJsonFormat());

    private static final List<LogFormat> TEXT_FORMATS = Stream.concat(
            Stream.of(new MysqlErrorLogFormat(), new RedisLogFormat(), new GoLogfmtFormat()),
            Stream.of(PreJsonTextFormat.values())).toList();

    /** ISO-8601 with an offset written either way: {@code +00:00} or {@code +0000}. */
    private static final DateTimeFormatter OFFSET_WITHOUT_COLON = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).appendOffset("+HHMM", "Z").toFormatter();

    private LogFormats() {
    }

    /** The event a line starts, in whichever format it is written; null for a line in none (a continuation line). */
    static LogRecord parse(String service, String line) {
        if (line.startsWith("{")) {
            JsonNode event = json(line);
            if (event == null || !event.isObject()) {
                return null;
            }
            for (JsonLogFormat format : JSON_FORMATS) {
                LogRecord record = format.parse(service, event);
                if (record != null) {
                    return record;
                }
            }
            return null;
        }
        for (LogFormat format : TEXT_FORMATS) {
            LogRecord record = format.parse(service, line);
            if (record != null) {
                return record;
            }
        }
        return null;
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** An ISO-8601 time with an offset, or null. */
    static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text, OFFSET_WITHOUT_COLON).toInstant();
            } catch (DateTimeParseException notThatEither) {
                return null;
            }
        }
    }

    /** A time a program wrote in the machine's time zone (the stack runs on this machine). */
    static Instant localTime(LocalDateTime time) {
        return time.atZone(ZoneId.systemDefault()).toInstant();
    }

    /** One name per level whatever the program calls it: TRACE, DEBUG, INFO, WARN, ERROR, FATAL. */
    static String level(String name) {
        String upper = name.strip().toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "WARNING" -> "WARN";
            case "SEVERE", "ERR", "CRITICAL", "CRIT", "ALERT", "EMERG", "EMERGENCY" -> "ERROR";
            case "FINE", "FINER", "FINEST", "CONFIG", "VERBOSE" -> "DEBUG";
            case "SYSTEM", "NOTE", "NOTICE", "INFORMATION" -> "INFO";
            default -> upper;
        };
    }
}
