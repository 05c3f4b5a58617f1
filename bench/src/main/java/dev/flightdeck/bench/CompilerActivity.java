package dev.flightdeck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How busy the JIT compilers of a set of JVMs are, from /proc: the CPU of their threads named
 * {@code C1 CompilerThread<n>} and {@code C2 CompilerThread<n>}, summed over the JVMs and averaged
 * over a sliding window. Under steady load a JVM's compilers fall quiet once its hot paths are
 * compiled; until then they take cores from the pipeline they run in, so a measurement that
 * starts while they are busy measures the warm-up. Compiler threads come and go with the load
 * (HotSpot starts and stops them as its queue grows and drains), so each thread is counted from
 * when it is first seen.
 */
final class CompilerActivity {

    /** The kernel keeps 15 characters of a thread's name: "C2 CompilerThre". */
    private static final String COMPILER_THREAD = "CompilerThre";

    private final List<Long> pids;
    private final int windowSamples;
    private final Map<String, Long> ticksByThread = new HashMap<>();
    private final Deque<Double> percents = new ArrayDeque<>();
    private long lastNanos;

    /**
     * Every JVM running on this machine now: the local stack's services and the benchmark's own,
     * or a compose cluster's containers, whose processes the host sees as well.
     */
    static List<Long> javaProcesses() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(CompilerActivity::isJava)
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            return List.of(ProcessHandle.current().pid());
        }
    }

    /** For these JVMs, averaged over the last {@code windowSamples} calls of {@link #sample()}. */
    CompilerActivity(Collection<Long> pids, int windowSamples) {
        this.pids = List.copyOf(pids);
        this.windowSamples = windowSamples;
        readTicks();
        lastNanos = System.nanoTime();
    }

    /** Reads the compilers' CPU since the last call (call it every second or so). */
    void sample() {
        long ticks = readTicks();
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        lastNanos = now;
        percents.addLast(ticks / ProcessUsage.TICKS_PER_SECOND / seconds * 100);
        while (percents.size() > windowSamples) {
            percents.removeFirst();
        }
    }

    /** Whether the window is full: the average covers as many samples as asked for. */
    boolean windowFull() {
        return percents.size() >= windowSamples;
    }

    /** The compilers' CPU over the window, in percent of one core (100 = one core busy compiling). */
    double percentOfOneCore() {
        return BenchSupport.round(percents.stream().mapToDouble(Double::doubleValue).average().orElse(0));
    }

    /** Compiler ticks since the last read, summed over the JVMs; remembers each thread's total. */
    private long readTicks() {
        long delta = 0;
        for (long pid : pids) {
            Path tasks = Path.of("/proc", Long.toString(pid), "task");
            try (Stream<Path> threads = Files.list(tasks)) {
                for (Path thread : (Iterable<Path>) threads::iterator) {
                    String name = readOrNull(thread.resolve("comm"));
                    if (name == null || !name.contains(COMPILER_THREAD)) {
                        continue;
                    }
                    long total = ProcessUsage.cpuTicks(thread.resolve("stat"));
                    Long before = ticksByThread.put(pid + "/" + thread.getFileName(), total);
                    delta += before == null ? 0 : Math.max(0, total - before);
                }
            } catch (IOException | RuntimeException e) {
                // the JVM ended: it compiles nothing more
            }
        }
        return delta;
    }

    private static boolean isJava(Path process) {
        String command = readOrNull(process.resolve("comm"));
        return command != null && command.strip().equals("java");
    }

    private static String readOrNull(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null; // the thread or process ended between listing and reading
        }
    }
}
