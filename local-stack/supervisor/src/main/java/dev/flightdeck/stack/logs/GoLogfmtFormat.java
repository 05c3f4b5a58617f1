package dev.flightdeck.stack.logs;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The logfmt lines the Go programs write without their JSON log flag, as in logs from before it:
 * go-kit's {@code ts=2026-12-04T13:01:14.158Z caller=main.go:241 level=info msg="Starting Alertmanager" version=...}
 * and logrus's {@code time="2026-12-04T13:01:38Z" level=info msg="..."}. Other pairs, and words
 * that are no pair, follow the message as written.
 */
final class GoLogfmtFormat implements LogFormat {

    private static final Pattern START = Pattern.compile("(?:ts|time|level)=");
    private static final Pattern PAIR = Pattern.compile("([A-Za-z_][\\w.\\-]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)");
    private static final Set<String> FIELDS = Set.of("ts", "time", "level", "caller", "msg");

    @Override
    public LogRecord parse(String service, String line) {
        if (!START.matcher(line).lookingAt()) {
            return null;
        }
        Map<String, String> fields = new HashMap<>();
        StringBuilder rest = new StringBuilder();
        Matcher pair = PAIR.matcher(line);
        int at = 0;
        while (at < line.length()) {
            pair.region(at, line.length());
            int end;
            if (pair.lookingAt() && (pair.end() == line.length() || line.charAt(pair.end()) == ' ')) {
                if (FIELDS.contains(pair.group(1))) {
                    fields.putIfAbsent(pair.group(1), unquote(pair.group(2)));
                } else {
                    rest.append(' ').append(pair.group());
                }
                end = pair.end();
            } else {
                end = line.indexOf(' ', at) < 0 ? line.length() : line.indexOf(' ', at);
                rest.append(' ').append(line, at, end);
            }
            at = end;
            while (at < line.length() && line.charAt(at) == ' ') {
                at++;
            }
        }
        String ts = fields.containsKey("ts") ? fields.get("ts") : fields.get("time");
        Instant time = ts == null ? null : LogFormats.instant(ts);
        if (time == null || !fields.containsKey("level")) {
            return null;
        }
        return new LogRecord(time, service, LogFormats.level(fields.get("level")), fields.getOrDefault("caller", ""),
                (fields.getOrDefault("msg", "") + rest).strip(), null);
    }

    private static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"') {
            return value;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() - 1) {
                char escaped = value.charAt(++i);
                text.append(switch (escaped) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> escaped;
                });
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }
}
