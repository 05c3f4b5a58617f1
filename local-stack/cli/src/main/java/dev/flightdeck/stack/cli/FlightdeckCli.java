package dev.flightdeck.stack.cli;

import dev.flightdeck.stack.LocalStack;
import dev.flightdeck.stack.StackException;
import dev.flightdeck.stack.StackLayout;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code flightdeck}: the command a data engineer runs. The bash launcher picks the JDK and builds first. */
@Command(name = "flightdeck", mixinStandardHelpOptions = true, version = "Flightdeck 0.1.0",
        description = "Runs the Flightdeck CDC platform on this machine: MySQL, Kafka, a schema registry, "
                + "Kafka Connect with Debezium, Elasticsearch and Redis, each as its own process.",
        footer = {"", "The launcher also runs: ./flightdeck build (build now), ./flightdeck test (the test suite), "
                + "./flightdeck bench (benchmarks)."},
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, LogsCommand.class,
                KillCommand.class, StopCommand.class, AlertsCommand.class, ReconcileCommand.class, SchemaCommand.class})
public final class FlightdeckCli {

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Folder holding every service's data, logs and pid files (default: .flightdeck in the checkout).")
    Path dataDir;

    LocalStack stack() {
        Path home = StackLayout.defaultHome();
        return new LocalStack(new StackLayout(home, dataDir != null ? dataDir : home.resolve(".flightdeck")));
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new FlightdeckCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof StackException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("flightdeck: " + e.getMessage());
            } else {
                commandLine.getErr().println("flightdeck: " + e);
                if (System.getenv("FLIGHTDECK_DEBUG") != null) {
                    e.printStackTrace(commandLine.getErr());
                } else {
                    commandLine.getErr().println("(set FLIGHTDECK_DEBUG=1 to see the stack trace)");
                }
            }
            return 1;
        });
        return cli.execute(args);
    }
}
