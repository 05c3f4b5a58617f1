package dev.flightdeck.stack.cli;

import dev.flightdeck.stack.ServiceId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "kill", description = "Kills one service with SIGKILL (no clean shutdown), for fault tests; ./flightdeck up restarts it.")
final class KillCommand implements Callable<Integer> {

    @ParentCommand
    FlightdeckCli cli;

    @Parameters(paramLabel = "SERVICE", completionCandidates = ServiceNames.class, description = "One of: ${COMPLETION-CANDIDATES}.")
    String service;

    @Override
    public Integer call() {
        ServiceId id = ServiceId.parse(service);
        cli.stack().kill(id);
        System.out.println(id + " killed (SIGKILL); ./flightdeck up restarts it");
        return 0;
    }
}
