package dev.flightdeck.ops;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a long operation tells the person waiting for it. On a terminal the current line counts up
 * the seconds; in a log (CI, tests) a line is printed every ten seconds instead.
 */
public interface Progress {

    void begin(String subject, String detail);

    void waiting(String subject, Duration elapsed, String lastState);

    void done(String subject, Duration elapsed, String detail);

    /** A new state of the step under way, e.g. "seeding flights 600/1444"; replaces the last one on a terminal. */
    void update(String subject, String state);

    void note(String message);

    static Progress console(PrintStream out) {
        return new Console(out, System.console() != null && System.getenv("CI") == null);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /**
     * Steps may run side by side (an {@code up} starts services in parallel): on a terminal the
     * line of a step counts up in place only while it is the one step under way; otherwise each
     * step prints whole lines, every ten seconds while it waits.
     */
    final class Console implements Progress {
        private final PrintStream out;
        private final boolean terminal;
        private final Set<String> underWay = new LinkedHashSet<>();
        private final Map<String, Long> lastSecond = new HashMap<>();
        private final Map<String, Long> lastUpdate = new HashMap<>();
        /** On a terminal, the step whose line is being rewritten in place and has no newline yet; null: none. */
        private String openLine;

        Console(PrintStream out, boolean terminal) {
            this.out = out;
            this.terminal = terminal;
        }

        @Override
        public synchronized void begin(String subject, String detail) {
            underWay.add(subject);
            lastSecond.remove(subject);
            String line = String.format(Locale.ROOT, "  %-22s %s", subject, detail);
            closeOpenLine();
            if (terminal && underWay.size() == 1) {
                out.print(line + " …");
                openLine = subject;
            } else {
                out.println(line);
            }
            out.flush();
        }

        @Override
        public synchronized void waiting(String subject, Duration elapsed, String lastState) {
            long second = elapsed.toSeconds();
            Long last = lastSecond.put(subject, second);
            if (last != null && last == second) {
                return;
            }
            String state = lastState == null ? "" : abbreviate(lastState);
            if (terminal && subject.equals(openLine)) {
                out.print("\r" + String.format(Locale.ROOT, "  %-22s starting … %d s %s", subject, second,
                        state.isEmpty() ? "" : "(" + state + ")") + "\u001b[K");
                out.flush();
            } else if (second > 0 && second % 10 == 0) {
                closeOpenLine();
                out.println(String.format(Locale.ROOT, "  %-22s still starting after %d s%s", subject, second,
                        state.isEmpty() ? "" : ": " + state));
            }
        }

        @Override
        public synchronized void done(String subject, Duration elapsed, String detail) {
            underWay.remove(subject);
            String line = String.format(Locale.ROOT, "  %-22s ready in %s%s", subject, seconds(elapsed),
                    detail == null || detail.isEmpty() ? "" : "  " + detail);
            if (terminal && subject.equals(openLine)) {
                out.println("\r" + line + "\u001b[K");
                openLine = null;
            } else {
                closeOpenLine();
                out.println(line);
            }
        }

        @Override
        public synchronized void update(String subject, String state) {
            long now = System.nanoTime();
            if (terminal && (subject.equals(openLine) || openLine == null && underWay.size() <= 1)) {
                out.print("\r" + String.format(Locale.ROOT, "  %-22s %s", subject, abbreviate(state)) + "\u001b[K");
                out.flush();
                openLine = subject;
                lastSecond.put(subject, 0L);
            } else if (now - lastUpdate.getOrDefault(subject, now - 6_000_000_000L) > 5_000_000_000L) {
                closeOpenLine();
                out.println(String.format(Locale.ROOT, "  %-22s %s", subject, abbreviate(state)));
                lastUpdate.put(subject, now);
            }
        }

        @Override
        public synchronized void note(String message) {
            closeOpenLine();
            out.println(message);
        }

        private void closeOpenLine() {
            if (openLine != null) {
                out.println();
                openLine = null;
            }
        }

        private static String abbreviate(String s) {
            String oneLine = s.replace('\n', ' ');
            return oneLine.length() > 70 ? oneLine.substring(0, 67) + "..." : oneLine;
        }
    }
}
