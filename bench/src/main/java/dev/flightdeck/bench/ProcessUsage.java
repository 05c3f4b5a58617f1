package dev.flightdeck.bench;

import dev.flightdeck.stack.LocalStack;
import dev.flightdeck.stack.StackStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU and memory of each service process over a stretch of time, from /proc: CPU as the share of
 * one core the process used (user + system time over wall time), memory as its peak resident set.
 */
final class ProcessUsage {

    /** One process over the stretch: 100 % is one core busy all the time. */
    record Usage(double cpuPercentOfOneCore, long peakResidentMiB) {
    }

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, Long> ticksAtStart = new LinkedHashMap<>();
    private final Map<String, Long> peakRss = new LinkedHashMap<>();
    private final long startNanos;

    ProcessUsage(LocalStack stack) {
        for (StackStatus.ServiceStatus service : stack.status().services()) {
            if (service.pid() != null && "running".equals(service.state())) {
                pids.put(service.id().key(), service.pid());
                ticksAtStart.put(service.id().key(), cpuTicks(service.pid()));
                peakRss.put(service.id().key(), residentMiB(service.pid()));
            }
        }
        startNanos = System.nanoTime();
    }

    /** Notes each process's resident memory now (call it every second or so). */
    void sample() {
        pids.forEach((service, pid) -> peakRss.merge(service, residentMiB(pid), Math::max));
    }

    Map<String, Usage> end() {
        sample();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Usage> usage = new LinkedHashMap<>();
        pids.forEach((service, pid) -> {
            double cpu = (cpuTicks(pid) - ticksAtStart.get(service)) / TICKS_PER_SECOND / seconds * 100;
            usage.put(service, new Usage(BenchSupport.round(cpu), peakRss.get(service)));
        });
        return usage;
    }

    /** utime + stime of the process, fields 14 and 15 of /proc/PID/stat (after the command in parentheses). */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long residentMiB(long pid) {
        return dev.flightdeck.stack.ServiceProcess.residentMiB(pid);
    }
}
