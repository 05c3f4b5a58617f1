package dev.flightdeck.stack.cli;

import dev.flightdeck.stack.Progress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "down", description = "Stops every service cleanly (newest first); data is kept for the next up.")
final class DownCommand implements Callable<Integer> {

    @ParentCommand
    FlightdeckCli cli;

    @Override
    public Integer call() {
        cli.stack().down(Progress.console(System.out));
        System.out.println("Flightdeck is down; data kept in " + cli.stack().layout().dataDir());
        return 0;
    }
}
