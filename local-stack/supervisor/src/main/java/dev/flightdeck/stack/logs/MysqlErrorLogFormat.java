package dev.flightdeck.stack.logs;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL's error log in its native format (our MySQL 8.0.31 build has no JSON sink component):
 * time, thread, priority, error code, subsystem, message. The subsystem is the logger; the code
 * starts the message.
 * <pre>2026-12-04T13:00:53.309538Z 0 [System] [MY-010931] [Server] /work/.../mysqld: ready for connections. ...</pre>
 */
final class MysqlErrorLogFormat implements LogFormat {

    private static final Pattern LINE = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2})) \\d+ \\[(\\w+)] \\[(MY-\\d+)] \\[(\\w+)] ?(.*)");

    @Override
    public LogRecord parse(String service, String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return null;
        }
        Instant time = LogFormats.instant(m.group(1));
        return time == null ? null
                : new LogRecord(time, service, LogFormats.level(m.group(2)), m.group(4), "[" + m.group(3) + "] " + m.group(5), null);
    }
}
