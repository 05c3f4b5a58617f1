package dev.flightdeck.bench;

import dev.flightdeck.stack.LocalStack;
import dev.flightdeck.stack.Progress;
import dev.flightdeck.stack.StackLayout;
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

    private final Path home = StackLayout.defaultHome();

    /** The Flightdeck checkout: built modules and connect-configs/. */
    Path home() {
        return home;
    }

    /** Where reports go: .flightdeck/bench/. */
    Path reports() {
        return home.resolve(".flightdeck/bench");
    }

    /** An empty stack folder: warns if the main stack shares the cores, stops a stack left by --keep, wipes it. */
    LocalStack wiped(Progress console) throws IOException {
        Path stackDir = dataDir != null ? dataDir : reports().resolve("stack");
        BenchSupport.warnIfMainStackRuns(home, console);
        LocalStack stack = new LocalStack(new StackLayout(home, stackDir));
        if (Files.exists(stackDir)) {
            stack.down(console);
        }
        BenchSupport.wipe(stackDir);
        return stack;
    }

    void finish(LocalStack stack, Progress console) {
        if (!keep) {
            stack.down(console);
        }
    }
}
