package dev.flightdeck.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code flightdeck up} prints as it comes and keeps, per service, the time to healthy
 * (its "ready in" figure) and the time to ready including its one-off work (initialising data,
 * seeding, Debezium's snapshot): from the service's first line to its "ready" line.
 */
final class StartupRecorder implements Consumer<String> {

    record Timing(Duration healthy, Duration total) {
    }

    private static final Pattern BEGIN = Pattern.compile("^  (\\S+)\\s+(starting|already running|registering)\\b.*");
    private static final Pattern READY = Pattern.compile("^  (\\S+)\\s+ready in ([\\d.]+) s\\b.*");

    private final Map<String, Long> began = new LinkedHashMap<>();
    private final Map<String, Timing> timings = new LinkedHashMap<>();

    Map<String, Timing> timings() {
        return timings;
    }

    @Override
    public void accept(String line) {
        long now = System.nanoTime();
        Matcher ready = READY.matcher(line);
        if (ready.matches()) {
            String subject = ready.group(1);
            Duration healthy = Duration.ofMillis(Math.round(Double.parseDouble(ready.group(2)) * 1000));
            Long start = began.get(subject);
            timings.put(subject, new Timing(healthy, start == null ? healthy : Duration.ofNanos(now - start)));
            return;
        }
        Matcher begin = BEGIN.matcher(line);
        if (begin.matches()) {
            began.putIfAbsent(begin.group(1), now);
        }
    }
}
