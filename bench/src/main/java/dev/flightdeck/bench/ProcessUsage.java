package dev.flightdeck.bench;

import dev.flightdeck.stack.driver.LocalStackDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU and memory of each service process over a stretch of time, from /proc: CPU as the share of
 * one core the process used (user + system time over wall time), memory as its peak resident set.
 * The pids are read once, before the stretch: {@code status --json} starts a JVM and asks every
 * service, too slow and fallible under full load for a sampler that runs every second. The
 * benchmark's own JVM and the whole machine are measured beside them: the services share the
 * cores with the load generator, and a latency measured on saturated cores is mostly a wait for one.
 */
final class ProcessUsage {

    /** One process over the stretch: 100 % is one core busy all the time. */
    record Usage(double cpuPercentOfOneCore, long peakResidentMiB) {
    }

    /**
     * The stretch: each service, the benchmark's own JVM, and every process of the machine
     * ({@code cores} × 100 % when all its cores were busy all the time).
     */
    record Stretch(Map<String, Usage> services, Usage benchmark, double machineCpuPercentOfOneCore, int cores) {

        double servicesCpuPercentOfOneCore() {
            return services.values().stream().mapToDouble(Usage::cpuPercentOfOneCore).sum();
        }
    }

    static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux
    private static final long BENCHMARK_PID = ProcessHandle.current().pid();

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, Long> ticksAtStart = new LinkedHashMap<>();
    private final Map<String, Long> peakRss = new LinkedHashMap<>();
    private final long benchmarkTicksAtStart;
    private final long machineTicksAtStart;
    private long benchmarkPeakRss;
    private final long startNanos;

    /** The pid of each running service of the local stack. */
    static Map<String, Long> runningServices(LocalStackDriver stack) {
        Map<String, Long> pids = new LinkedHashMap<>();
        stack.status().path("services").properties().forEach(entry -> {
            if ("running".equals(entry.getValue().path("state").asText())) {
                pids.put(entry.getKey(), entry.getValue().path("pid").asLong());
            }
        });
        return pids;
    }

    /** Starts the stretch now, for these processes (service name to pid). */
    ProcessUsage(Map<String, Long> services) {
        services.forEach((service, pid) -> {
            pids.put(service, pid);
            ticksAtStart.put(service, cpuTicks(pid));
            peakRss.put(service, residentMiB(pid));
        });
        benchmarkTicksAtStart = cpuTicks(BENCHMARK_PID);
        benchmarkPeakRss = residentMiB(BENCHMARK_PID);
        machineTicksAtStart = machineBusyTicks();
        startNanos = System.nanoTime();
    }

    /** Notes each process's resident memory now (call it every second or so). */
    void sample() {
        pids.forEach((service, pid) -> peakRss.merge(service, residentMiB(pid), Math::max));
        benchmarkPeakRss = Math.max(benchmarkPeakRss, residentMiB(BENCHMARK_PID));
    }

    Stretch end() {
        sample();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Usage> usage = new LinkedHashMap<>();
        pids.forEach((service, pid) -> usage.put(service,
                new Usage(percentOfOneCore(cpuTicks(pid) - ticksAtStart.get(service), seconds), peakRss.get(service))));
        Usage benchmark = new Usage(percentOfOneCore(cpuTicks(BENCHMARK_PID) - benchmarkTicksAtStart, seconds), benchmarkPeakRss);
        return new Stretch(usage, benchmark, percentOfOneCore(machineBusyTicks() - machineTicksAtStart, seconds),
                Runtime.getRuntime().availableProcessors());
    }

    private static double percentOfOneCore(long ticks, double seconds) {
        return BenchSupport.round(ticks / TICKS_PER_SECOND / seconds * 100);
    }

    /**
     * Every core's busy time so far: the first line of /proc/stat less its idle and iowait fields
     * (a core waiting on the disk is free to run something else); 0 when it cannot be read.
     */
    private static long machineBusyTicks() {
        try (var lines = Files.lines(Path.of("/proc/stat"))) {
            String[] fields = lines.findFirst().orElseThrow().trim().split("\\s+");
            long busy = 0;
            // cpu user nice system idle iowait irq softirq steal (guest time is already within user)
            for (int i = 1; i <= 8 && i < fields.length; i++) {
                busy += i == 4 || i == 5 ? 0 : Long.parseLong(fields[i]);
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long cpuTicks(long pid) {
        return cpuTicks(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /**
     * utime + stime, fields 14 and 15 of a process's /proc/PID/stat or a thread's
     * /proc/PID/task/TID/stat (after the command in parentheses); 0 when it has ended.
     */
    static long cpuTicks(Path stat) {
        try {
            String text = Files.readString(stat);
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** VmRSS of /proc/PID/status; 0 when the process is gone. */
    private static long residentMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between two samples
        }
        return 0;
    }
}
