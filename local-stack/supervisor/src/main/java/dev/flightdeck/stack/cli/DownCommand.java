package dev.flightdeck.stack.cli;

import dev.flightdeck.ops.Progress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(mixinStandardHelpOptions = true, name = "down", description = "Stops every service cleanly (newest first); data is kept for the next up.")
public final class DownCommand extends StackCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        stack().down(Progress.console(System.out));
        System.out.println("Flightdeck is down; data kept in " + stack().layout().dataDir());
        return 0;
    }
}
