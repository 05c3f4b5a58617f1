package dev.flightdeck.stack.cli;

import dev.flightdeck.ops.Progress;
import dev.flightdeck.stack.ServiceId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(mixinStandardHelpOptions = true, name = "stop", description = "Stops one service cleanly (SIGTERM); ./flightdeck up starts it again.")
public final class StopCommand extends StackCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SERVICE", completionCandidates = ServiceNames.class, description = "One of: ${COMPLETION-CANDIDATES}.")
    String service;

    @Override
    public Integer call() {
        stack().stop(ServiceId.parse(service), Progress.console(System.out));
        return 0;
    }
}
