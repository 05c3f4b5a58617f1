package dev.flightdeck.bench;

import java.util.Locale;
import picocli.CommandLine.Option;

/** A benchmark's latency run: single-row booking changes at a steady rate, measured after a warm-up (a picocli mixin). */
final class SteadyRate {

    @Option(names = "--rate", defaultValue = "500", description = "Single-row booking changes per second in the latency run (default: ${DEFAULT-VALUE}).")
    int rate;
    @Option(names = "--seconds", defaultValue = "60", description = "Measured seconds of the latency run (default: ${DEFAULT-VALUE}).")
    int measuredSeconds;
    @Option(names = "--warmup-seconds", defaultValue = "15", description = "Seconds at the same rate before measuring (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    /** The changes committed over the warm-up and the measured seconds. */
    long changes() {
        return (long) rate * (warmupSeconds + measuredSeconds);
    }

    /** The measured window, its warm-up starting now. */
    MeasuredWindow window() {
        return MeasuredWindow.after(warmupSeconds, measuredSeconds);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d single-row booking changes/s, %d s warm-up, %d s measured", rate, warmupSeconds, measuredSeconds);
    }
}
