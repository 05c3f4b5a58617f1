package dev.flightdeck.stack.process;

import dev.flightdeck.ops.Progress;
import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Waits for a freshly started service to pass its health check, watching that it stays alive. */
public final class Readiness {

    private static final Duration POLL = Duration.ofMillis(200);

    private Readiness() {
    }

    public static Duration await(ServiceId service, long pid, String marker, HealthCheck check, Duration timeout,
                          Path log, Progress progress) {
        long start = System.nanoTime();
        String lastState = null;
        while (true) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (!ServiceProcess.isRunning(pid, marker)) {
                throw new StackException(service + " exited while starting (pid " + pid + ")"
                        + logTail(log) + "\nSee the whole log with: ./flightdeck logs " + service);
            }
            try {
                if (check.healthy()) {
                    return elapsed;
                }
                lastState = "not ready yet";
            } catch (Exception e) {
                lastState = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            }
            if (elapsed.compareTo(timeout) > 0) {
                throw new StackException(service + " did not pass its health check within " + Progress.seconds(timeout)
                        + " (last answer: " + lastState + ")" + logTail(log)
                        + "\nIt is still running as pid " + pid + "; stop it with ./flightdeck down");
            }
            progress.waiting(service.key(), elapsed, lastState);
            ServiceProcess.pause(POLL);
        }
    }

    public static String logTail(Path log) {
        List<String> lines = ServiceProcess.tail(log, 15);
        if (lines.isEmpty()) {
            return "; its log " + log + " is empty";
        }
        return "; last lines of " + log + ":\n    " + String.join("\n    ", lines);
    }
}
