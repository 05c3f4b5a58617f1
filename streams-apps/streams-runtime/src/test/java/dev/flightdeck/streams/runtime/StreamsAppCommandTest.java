package dev.flightdeck.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line up to the start of Kafka Streams: help, usage and configuration errors. */
class StreamsAppCommandTest {

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldPrintEveryOptionForHelpAndExitZero() {
        assertThat(run("--help")).isEqualTo(0);
        assertThat(run("-h")).isEqualTo(0);

        String help = out.toString(StandardCharsets.UTF_8);
        assertThat(help).startsWith("Usage: example CONFIG_FILE [key=value ...]");
        for (ConfigDef.ConfigKey option : ExampleApp.Config.CONFIG.configKeys().values()) {
            assertThat(help).contains(option.name);
        }
        assertThat(help).contains("streams.*", StreamsAppConfig.THREAD_REPLACEMENTS_MAX_CONFIG + " ");
    }

    @Test
    void shouldExitTwoWithoutAConfigFile() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: example CONFIG_FILE", "--help");
    }

    @Test
    void shouldExitTwoNamingTheKeyOfAnInvalidOption() throws IOException {
        Path file = Files.writeString(folder.resolve("example.properties"),
                "bootstrap.servers=127.0.0.1:9\nschema.registry.url=http://r\napicurio.registry.url=http://a\n");

        assertThat(run(file.toString(), "ops.listener=127.0.0.1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("example: invalid configuration", "ops.listener", "no port");
    }

    @Test
    void shouldExitTwoNamingAMissingOptionOrFile() throws IOException {
        Path file = Files.writeString(folder.resolve("example.properties"), "schema.registry.url=http://r\n");

        assertThat(run(file.toString())).isEqualTo(2);
        assertThat(run(folder.resolve("absent.properties").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bootstrap.servers", "cannot read config file");
    }

    private int run(String... args) {
        return StreamsAppCommand.run("example", ExampleApp.Config.CONFIG, ExampleApp.Config::new, ExampleApp::new, args,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
