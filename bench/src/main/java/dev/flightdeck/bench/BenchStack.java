package dev.flightdeck.bench;

import dev.flightdeck.ops.Progress;
import dev.flightdeck.stack.driver.LocalStackDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The stack a benchmark runs on, apart from the main one: its options and its life cycle (a picocli mixin). */
final class BenchStack {

    @Option(names = "--data-dir", description = "The benchmark stack's folder (default: .flightdeck/bench/stack; wiped first).")
    Path dataDir;
    @Option(names = "--keep", description = "Leave the benchmark stack running afterwards.")
    boolean keep;

    private final Path home = LocalStackDriver.checkout();

    /** The Flightdeck checkout: built modules and connect-configs/. */
    Path home() {
        return home;
    }

    /** Where reports go: .flightdeck/bench/. */
    Path reports() {
        return home.resolve(".flightdeck/bench");
    }

    /** The report of this run, named {@code name} and stamped now. */
    ReportWriter report(String name) {
        return new ReportWriter(reports(), name);
    }

    /** An empty stack folder: warns if the main stack shares the cores, stops a stack left by --keep, wipes it. */
    LocalStackDriver wiped(Progress console) throws IOException {
        Path stackDir = dataDir != null ? dataDir : reports().resolve("stack");
        warnIfMainStackRuns(console);
        LocalStackDriver stack = new LocalStackDriver(home, stackDir, System.out);
        if (Files.exists(stackDir.resolve("stack.json"))) {
            stack.down();
        }
        BenchSupport.wipe(stackDir);
        return stack;
    }

    void finish(LocalStackDriver stack) {
        if (!keep) {
            stack.down();
        }
    }

    /** Numbers taken while the main stack runs share its cores; say so rather than report them silently. */
    private void warnIfMainStackRuns(Progress console) {
        Path main = home.resolve(".flightdeck");
        if (Files.exists(main.resolve("stack.json"))
                && new LocalStackDriver(home, main, System.out).serviceStates().containsValue("running")) {
            console.note("warning: the main stack (.flightdeck) is running and shares these cores; "
                    + "stop it with ./flightdeck down for numbers that mean something");
        }
    }
}
