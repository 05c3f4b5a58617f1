package dev.flightdeck.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulatorMainTest {

    private static SimulatorMain parse(String... args) {
        SimulatorMain main = new SimulatorMain();
        new CommandLine(main).parseArgs(args);
        return main;
    }

    @Test
    void shouldDefaultToTwentyTransactionsPerSecondUntilStopped() {
        SimulatorConfig config = parse("--jdbc-url", "jdbc:mysql://127.0.0.1:3306/flights", "--user", "app").config();

        assertThat(config.ratePerSecond()).isEqualTo(20);
        assertThat(config.duration()).isNull();
        assertThat(config.threads()).isEqualTo(4);
        assertThat(config.batchSize()).isEqualTo(1);
        assertThat(config.holdTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.faults()).isEmpty();
        assertThat(config.faultInterval()).isNull();
    }

    @Test
    void shouldReadEveryOption() {
        SimulatorConfig config = parse("--jdbc-url", "jdbc:mysql://h/flights", "--user", "app", "--rate", "0",
                "--duration", "5m", "--threads", "8", "--seed", "99", "--batch-size", "50", "--hold-ttl", "2s",
                "--fault", "overbooking", "--fault", "fare-spike", "--fault-interval", "1h30m").config();

        assertThat(config.unthrottled()).isTrue();
        assertThat(config.duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.threads()).isEqualTo(8);
        assertThat(config.seed()).isEqualTo(99);
        assertThat(config.batchSize()).isEqualTo(50);
        assertThat(config.holdTtl()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.faults()).containsExactly(Fault.OVERBOOKING, Fault.FARE_SPIKE);
        assertThat(config.faultInterval()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void shouldNameTheFaultKindsWhenOneIsUnknown() {
        assertThatThrownBy(() -> parse("--jdbc-url", "u", "--user", "app", "--fault", "meteor"))
                .hasMessageContaining("unknown fault 'meteor'; expected one of overbooking, booking-burst, fare-spike");
    }

    @Test
    void shouldRejectANegativeRateWithAClearMessage() {
        assertThatThrownBy(() -> parse("--jdbc-url", "u", "--user", "app", "--rate", "-5").config())
                .hasMessageContaining("rate must be >= 0 transactions per second");
    }

    @Test
    void shouldPreferThePasswordFileOverTheEnvironment(@TempDir Path folder) throws IOException {
        Path file = Files.writeString(folder.resolve("password"), "s3cret pass\n");

        assertThat(parse("--jdbc-url", "u", "--user", "app", "--password-file", file.toString())
                .password(Map.of(SimulatorMain.PASSWORD_ENV, "other"))).isEqualTo("s3cret pass");
        assertThat(parse("--jdbc-url", "u", "--user", "app").password(Map.of(SimulatorMain.PASSWORD_ENV, "env")))
                .isEqualTo("env");
    }

    @Test
    void shouldSayHowToPassAPasswordWhenThereIsNone() {
        assertThatThrownBy(() -> parse("--jdbc-url", "u", "--user", "app").password(Map.of()))
                .hasMessage("no password for MySQL user app: set FLIGHTDECK_MYSQL_APP_PASSWORD or pass --password-file");
    }

    @Test
    void shouldParseDurationsAsPeopleTypeThem() {
        assertThat(List.of("500ms", "30s", "5m", "2h", "1d", "1h30m", "PT45S", " 10S "))
                .extracting(DurationText::parse)
                .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(2),
                        Duration.ofDays(1), Duration.ofMinutes(90), Duration.ofSeconds(45), Duration.ofSeconds(10));
        assertThatThrownBy(() -> DurationText.parse("5 minutes"))
                .hasMessage("'5 minutes' is not a duration; write e.g. 500ms, 30s, 5m, 1h30m or PT30S");
    }
}
