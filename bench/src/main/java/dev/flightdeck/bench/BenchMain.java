package dev.flightdeck.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./flightdeck bench ...}: benchmarks that print numbers and write reports; they never assert. */
@Command(name = "flightdeck bench", mixinStandardHelpOptions = true,
        description = "Measures the platform on this machine and writes JSON and Markdown reports under .flightdeck/bench/.",
        subcommands = {CaptureBenchmark.class, AvailabilityBenchmark.class, SinksBenchmark.class, AnomaliesBenchmark.class, PipelineBenchmark.class,
                ClusterBenchmark.class, SearchBenchmark.class})
public final class BenchMain {

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new BenchMain());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("flightdeck bench: " + e.getMessage());
            if (System.getenv("FLIGHTDECK_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        System.exit(cli.execute(args));
    }
}
