package dev.flightdeck.stack.cli;

import dev.flightdeck.ops.Progress;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(mixinStandardHelpOptions = true, name = "rotate",
        description = "Gives an account of the local stack a new password without refusing its users on the way: "
                + "the old one stays valid until everything that uses the account runs with the new one.")
public final class RotateCommand extends StackCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ACCOUNT", description = "The account: mysql-app (the booking application's MySQL account).")
    String account;

    @Override
    public Integer call() {
        if (!"mysql-app".equals(account)) {
            System.err.println("flightdeck rotate: no account '" + account + "'; accounts: mysql-app");
            return 2;
        }
        List<String> steps = stack().rotateMysqlAppPassword(Progress.console(System.out));
        steps.forEach(step -> System.out.println("  " + step));
        System.out.println("mysql-app rotated");
        return 0;
    }
}
