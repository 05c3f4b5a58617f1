package dev.flightdeck.ops;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

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

    final class Console implements Progress {
        private final PrintStream out;
        private final boolean terminal;
        private long lastPrintedSecond = -1;

        Console(PrintStream out, boolean terminal) {
            this.out = out;
            this.terminal = terminal;
        }

        @Override
        public synchronized void begin(String subject, String detail) {
            lastPrintedSecond = -1;
            String line = String.format(Locale.ROOT, "  %-22s %s", subject, detail);
            if (terminal) {
                out.print(line + " …");
            } else {
                out.println(line);
            }
            out.flush();
        }

        @Override
        public synchronized void waiting(String subject, Duration elapsed, String lastState) {
            long second = elapsed.toSeconds();
            if (second == lastPrintedSecond) {
                return;
            }
            lastPrintedSecond = second;
            if (terminal) {
                out.print("\r" + String.format(Locale.ROOT, "  %-22s starting … %d s %s", subject, second,
                        lastState == null ? "" : "(" + abbreviate(lastState) + ")") + "\u001b[K");
                out.flush();
            } else if (second > 0 && second % 10 == 0) {
                out.println(String.format(Locale.ROOT, "  %-22s still starting after %d s%s", subject, second,
                        lastState == null ? "" : ": " + abbreviate(lastState)));
            }
        }

        @Override
        public synchronized void done(String subject, Duration elapsed, String detail) {
            String line = String.format(Locale.ROOT, "  %-22s ready in %s%s", subject, seconds(elapsed),
                    detail == null || detail.isEmpty() ? "" : "  " + detail);
            out.println(terminal ? "\r" + line + "\u001b[K" : line);
        }

        private long lastUpdate;

        @Override
        public synchronized void update(String subject, String state) {
            long now = System.nanoTime();
            if (terminal) {
                out.print("\r" + String.format(Locale.ROOT, "  %-22s %s", subject, abbreviate(state)) + "\u001b[K");
                out.flush();
                lastPrintedSecond = 0;
            } else if (now - lastUpdate > 5_000_000_000L) {
                out.println(String.format(Locale.ROOT, "  %-22s %s", subject, abbreviate(state)));
                lastUpdate = now;
            }
        }

        @Override
        public synchronized void note(String message) {
            if (terminal && lastPrintedSecond >= 0) {
                out.println();
            }
            out.println(message);
        }

        private static String abbreviate(String s) {
            String oneLine = s.replace('\n', ' ');
            return oneLine.length() > 70 ? oneLine.substring(0, 67) + "..." : oneLine;
        }
    }
}
