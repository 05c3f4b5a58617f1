package dev.flightdeck.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressConsoleTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Test
    void shouldCountUpInPlaceOnATerminalWhileOneStepIsUnderWay() {
        Progress console = console(true);
        console.begin("kafka", "starting 127.0.0.1:9092");
        console.waiting("kafka", Duration.ofSeconds(1), null);
        console.done("kafka", Duration.ofMillis(3600), "10 users");

        assertThat(text()).isEqualTo("  kafka                  starting 127.0.0.1:9092 …"
                + "\r  kafka                  starting … 1 s \u001b[K"
                + "\r  kafka                  ready in 3.6 s  10 users\u001b[K\n");
    }

    @Test
    void shouldPrintWholeLinesOnATerminalWhileStepsRunSideBySide() {
        Progress console = console(true);
        console.begin("mysql", "starting");
        console.begin("kafka", "starting");
        console.waiting("mysql", Duration.ofSeconds(1), null);
        console.waiting("kafka", Duration.ofSeconds(10), "formatting");
        console.done("mysql", Duration.ofMillis(1100), "");
        console.done("kafka", Duration.ofMillis(10_500), "");

        assertThat(text()).doesNotContain("\r").isEqualTo("""
                  mysql                  starting …
                  kafka                  starting
                  kafka                  still starting after 10 s: formatting
                  mysql                  ready in 1.1 s
                  kafka                  ready in 10.5 s
                """);
    }

    @Test
    void shouldPrintEveryTenSecondsOfEachStepInALog() {
        Progress console = console(false);
        console.begin("mysql", "starting");
        console.begin("kafka", "starting");
        for (int second = 0; second <= 20; second++) {
            console.waiting("mysql", Duration.ofSeconds(second), null);
            console.waiting("kafka", Duration.ofSeconds(second), null);
        }

        assertThat(text().lines()).containsExactly("  mysql                  starting", "  kafka                  starting",
                "  mysql                  still starting after 10 s", "  kafka                  still starting after 10 s",
                "  mysql                  still starting after 20 s", "  kafka                  still starting after 20 s");
    }

    private Progress console(boolean terminal) {
        return new Progress.Console(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal);
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
