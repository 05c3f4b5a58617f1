package dev.flightdeck.launcher;

import dev.flightdeck.clients.EndpointException;
import dev.flightdeck.clients.ProfileException;
import dev.flightdeck.ops.OpsException;
import dev.flightdeck.ops.cli.OpsCommands;
import dev.flightdeck.ops.cli.ProfileOption;
import dev.flightdeck.stack.LocalStack;
import dev.flightdeck.stack.StackException;
import dev.flightdeck.stack.StackLayout;
import dev.flightdeck.stack.cli.StackRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/**
 * {@code flightdeck}: the command a data engineer runs, on a laptop or against a cluster. The bash
 * launcher picks the JDK and builds first; {@code ./flightdeck test} and {@code ./flightdeck bench}
 * are the script's own.
 */
@Command(name = "flightdeck", mixinStandardHelpOptions = true, versionProvider = FlightdeckCli.Version.class,
        description = {"Flightdeck: change-data-capture from MySQL through Debezium and Kafka into read models and alerts.",
                "",
                "The local stack (every service as a process on this machine): up, down, status, logs, stop, kill.",
                "Operations on any deployment, given its cluster profile with --config FILE (default: the local stack's own): "
                        + "reconcile, alerts, schema, connectors, transactions; status --config FILE shows a deployment."},
        footer = {"", "The launcher script also runs: ./flightdeck build (build now), ./flightdeck test (the test suite), "
                + "./flightdeck bench (benchmarks). Every command answers --help."})
public final class FlightdeckCli implements StackRoot, ProfileOption.LocalProfile {

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "The local stack's folder: every service's data, logs and pid files, and its cluster profile "
                    + "(default: .flightdeck in the checkout).")
    Path dataDir;

    @Override
    public LocalStack stack() {
        Path home = StackLayout.defaultHome();
        return new LocalStack(new StackLayout(home, dataDir != null ? dataDir : home.resolve(".flightdeck")));
    }

    @Override
    public Path localProfile() {
        return stack().profileFile();
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = commandLine();
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (isExpected(e)) {
                err.println("flightdeck: " + e.getMessage());
            } else {
                err.println("flightdeck: " + e);
                if (System.getenv("FLIGHTDECK_DEBUG") != null) {
                    e.printStackTrace(err);
                } else {
                    err.println("(set FLIGHTDECK_DEBUG=1 to see the stack trace)");
                }
            }
            return 1;
        });
        return cli.execute(args);
    }

    /** The root with every subcommand mounted. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new FlightdeckCli());
        for (Class<?> command : StackRoot.commands()) {
            cli.addSubcommand(command);
        }
        for (Class<?> command : OpsCommands.all()) {
            cli.addSubcommand(command);
        }
        return cli;
    }

    /** Failures whose message says what to do: printed as one line, without a stack trace. */
    private static boolean isExpected(Exception e) {
        return e instanceof StackException || e instanceof OpsException || e instanceof ProfileException
                || e instanceof EndpointException || e instanceof ConfigException || e instanceof IllegalArgumentException;
    }

    /** The version the build wrote into the launcher's resources. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = FlightdeckCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"Flightdeck " + properties.getProperty("version", "(unknown: not built by Maven)")};
        }
    }
}
