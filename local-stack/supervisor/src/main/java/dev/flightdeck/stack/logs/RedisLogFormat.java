package dev.flightdeck.stack.logs;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redis's native log lines, in the machine's time zone: pid, role (M master, S replica, C child,
 * X sentinel), time, level mark ({@code .} debug, {@code -} verbose, {@code *} notice, {@code #}
 * warning), message; and the signal handler's lines, which carry Unix seconds instead. The role is
 * the logger.
 * <pre>21135:M 04 Dec 2026 13:01:13.990 * Ready to accept connections
 * 10892:signal-handler (1796377825) Received SIGTERM scheduling shutdown...</pre>
 */
final class RedisLogFormat implements LogFormat {

    private static final Pattern LINE = Pattern.compile("\\d+:([XCSM]) (\\d{1,2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}) ([.\\-*#]) (.*)");
    private static final Pattern SIGNAL = Pattern.compile("\\d+:signal-handler \\((\\d+)\\) (.*)");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss.SSS", Locale.ENGLISH);

    @Override
    public LogRecord parse(String service, String line) {
        Matcher m = LINE.matcher(line);
        if (m.matches()) {
            Instant time;
            try {
                time = LogFormats.localTime(LocalDateTime.parse(m.group(2), TIME));
            } catch (DateTimeParseException e) {
                return null;
            }
            return new LogRecord(time, service, level(m.group(3).charAt(0)), role(m.group(1).charAt(0)), m.group(4), null);
        }
        Matcher signal = SIGNAL.matcher(line);
        if (signal.matches()) {
            return new LogRecord(Instant.ofEpochSecond(Long.parseLong(signal.group(1))), service, "INFO", "signal-handler",
                    signal.group(2), null);
        }
        return null;
    }

    private static String level(char mark) {
        return switch (mark) {
            case '#' -> "WARN";
            case '*' -> "INFO";
            default -> "DEBUG";
        };
    }

    private static String role(char role) {
        return switch (role) {
            case 'M' -> "master";
            case 'S' -> "replica";
            case 'C' -> "child";
            default -> "sentinel";
        };
    }
}
