package dev.flightdeck.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FlightdeckCliTest {

    @Test
    void shouldAnswerHelpWithExitZeroOnEveryCommandAndSubcommand() {
        List<List<String>> paths = new ArrayList<>();
        collect(FlightdeckCli.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).extracting(path -> String.join(" ", path))
                .contains("", "up", "status", "reconcile", "alerts", "schema", "schema check", "schema allow", "schema subjects",
                        "schema rebuild-history", "connectors", "transactions", "logs", "stop", "kill", "rotate", "down");
        for (List<String> path : paths) {
            CommandLine cli = FlightdeckCli.commandLine();
            StringWriter out = new StringWriter();
            cli.setOut(new PrintWriter(out));
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            assertThat(cli.execute(args.toArray(String[]::new))).as("flightdeck " + String.join(" ", args)).isZero();
            assertThat(out.toString()).as("flightdeck " + String.join(" ", args)).contains("Usage: flightdeck");
        }
    }

    @Test
    void shouldPrintTheVersionTheBuildWrote() {
        CommandLine cli = FlightdeckCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("--version")).isZero();
        assertThat(out.toString().trim()).isEqualTo("Flightdeck " + System.getProperty("flightdeck.version"));
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, paths);
            }
        });
    }
}
