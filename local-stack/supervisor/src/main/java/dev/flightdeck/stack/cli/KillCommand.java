package dev.flightdeck.stack.cli;

import dev.flightdeck.stack.ServiceId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(mixinStandardHelpOptions = true, name = "kill", description = "Kills one service with SIGKILL (no clean shutdown), for fault tests; ./flightdeck up restarts it.")
public final class KillCommand extends StackCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SERVICE", completionCandidates = ServiceNames.class, description = "One of: ${COMPLETION-CANDIDATES}.")
    String service;

    @Override
    public Integer call() {
        ServiceId id = ServiceId.parse(service);
        stack().kill(id);
        System.out.println(id + " killed (SIGKILL); ./flightdeck up restarts it");
        return 0;
    }
}
