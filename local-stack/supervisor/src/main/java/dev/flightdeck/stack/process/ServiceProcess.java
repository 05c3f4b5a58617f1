package dev.flightdeck.stack.process;

import dev.flightdeck.stack.StackException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A service running as its own OS process, detached from the terminal that started it (its own
 * session), so that {@code up} can return and Ctrl-C in that terminal does not reach it.
 */
public final class ServiceProcess {

    /** How to start a service: its command line, extra environment, working folder and log file. */
    public record Launch(List<String> command, Map<String, String> environment, Path workDir, Path logFile) {
    }

    private ServiceProcess() {
    }

    /** Starts the process with output appended to its log; returns its pid. */
    public static long start(Launch launch) {
        List<String> command = new ArrayList<>();
        command.add("setsid");
        command.addAll(launch.command());
        try {
            Files.createDirectories(launch.logFile().getParent());
            Files.createDirectories(launch.workDir());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(launch.workDir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.logFile().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(launch.environment());
            return builder.start().pid();
        } catch (IOException e) {
            throw new StackException("cannot start " + launch.command().getFirst() + ": " + e.getMessage(), e);
        }
    }

    /**
     * True when the pid is a live process of the service: its command line mentions {@code marker}
     * (the service's own folder), or it works inside that folder. The second case covers programs
     * that rewrite their command line (redis-server shows only "redis-server host:port"). Either
     * way a recycled pid of some other program is never mistaken for our service.
     */
    public static boolean isRunning(Long pid, String marker) {
        if (pid == null) {
            return false;
        }
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            if (!isAlive(pid)) {
                return false;
            }
            String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
            if (cmdline.contains(marker)) {
                return true;
            }
            return Files.readSymbolicLink(proc.resolve("cwd")).startsWith(marker);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Asks the process to stop (SIGTERM) and waits; kills it (SIGKILL) if it outlives the grace period. */
    public static boolean stop(long pid, Duration grace) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return true;
        }
        handle.get().destroy();
        if (awaitExit(pid, grace)) {
            return true;
        }
        handle.get().destroyForcibly();
        awaitExit(pid, Duration.ofSeconds(10));
        return false;
    }

    /** SIGKILL, for fault tests: no shutdown hooks, no flushing. */
    public static void kill(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        awaitExit(pid, Duration.ofSeconds(10));
    }

    public static boolean awaitExit(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isAlive(pid)) {
                return true;
            }
            pause(Duration.ofMillis(100));
        }
        return !isAlive(pid);
    }

    private static boolean isAlive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** Resident memory in MiB, or -1 when the process is gone. */
    public static long residentMiB(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024)
                    .findFirst().orElse(-1L);
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /** What a log gained since a position (at most its first 64 KiB), e.g. since a process started. */
    public static String logSince(Path log, Long position) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            long from = position == null ? 0 : Math.min(position, file.length());
            file.seek(from);
            byte[] bytes = new byte[(int) Math.min(file.length() - from, 64 * 1024)];
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The last lines of a log, to show with an error. */
    public static List<String> tail(Path log, int lines) {
        if (!Files.exists(log)) {
            return List.of();
        }
        Deque<String> last = new ArrayDeque<>();
        try (Stream<String> all = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            all.forEach(line -> {
                if (last.size() == lines) {
                    last.removeFirst();
                }
                last.addLast(line);
            });
        } catch (IOException | UncheckedIOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
        return List.copyOf(last);
    }

    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }
}
