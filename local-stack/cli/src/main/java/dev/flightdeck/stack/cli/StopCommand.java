package dev.flightdeck.stack.cli;

import dev.flightdeck.stack.Progress;
import dev.flightdeck.stack.ServiceId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "stop", description = "Stops one service cleanly (SIGTERM); ./flightdeck up starts it again.")
final class StopCommand implements Callable<Integer> {

    @ParentCommand
    FlightdeckCli cli;

    @Parameters(paramLabel = "SERVICE", completionCandidates = ServiceNames.class, description = "One of: ${COMPLETION-CANDIDATES}.")
    String service;

    @Override
    public Integer call() {
        cli.stack().stop(ServiceId.parse(service), Progress.console(System.out));
        return 0;
    }
}
