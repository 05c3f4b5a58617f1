package dev.flightdeck.bench;

import dev.flightdeck.stack.Progress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Passes progress through to the console and keeps, per service, the time to healthy and the
 * time to ready including its one-off work (initialising data, seeding, Debezium's snapshot).
 */
final class StartupRecorder implements Progress {

    record Timing(Duration healthy, Duration total) {
    }

    private final Progress console;
    private final Map<String, Long> began = new LinkedHashMap<>();
    private final Map<String, Timing> timings = new LinkedHashMap<>();

    StartupRecorder(Progress console) {
        this.console = console;
    }

    Map<String, Timing> timings() {
        return timings;
    }

    @Override
    public void begin(String subject, String detail) {
        began.put(subject, System.nanoTime());
        console.begin(subject, detail);
    }

    @Override
    public void waiting(String subject, Duration elapsed, String lastState) {
        console.waiting(subject, elapsed, lastState);
    }

    @Override
    public void update(String subject, String state) {
        console.update(subject, state);
    }

    @Override
    public void done(String subject, Duration elapsed, String detail) {
        Long start = began.get(subject);
        Duration total = start == null ? elapsed : Duration.ofNanos(System.nanoTime() - start);
        timings.put(subject, new Timing(elapsed, total));
        console.done(subject, elapsed, detail);
    }

    @Override
    public void note(String message) {
        console.note(message);
    }
}
