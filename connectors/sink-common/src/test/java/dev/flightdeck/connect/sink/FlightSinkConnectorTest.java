package dev.flightdeck.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class FlightSinkConnectorTest {

    @Test
    void shouldReportThePomsVersionForConnectorAndTask() {
        String pom = System.getProperty("flightdeck.project.version");
        assertThat(pom).as("set by surefire from ${project.version} (connectors/pom.xml)").isNotBlank();

        assertThat(new TestSink.Connector().version()).isEqualTo(pom);
        assertThat(new TestSink.Task().version()).isEqualTo(pom);
    }

    @Test
    void shouldGiveEveryTaskTheConfigTheConnectorStartedWith() {
        TestSink.Connector connector = new TestSink.Connector();
        Map<String, String> config = Map.of("topics", "flight-availability", "retry.max.attempts", "3");

        connector.start(config);

        assertThat(connector.taskConfigs(3)).hasSize(3).allSatisfy(task -> assertThat(task).isEqualTo(config));
    }

    @Test
    void shouldRefuseALongestBackoffShorterThanTheFirstAtStartAndInValidate() {
        Map<String, String> config = Map.of("retry.backoff.initial.ms", "5000", "retry.backoff.max.ms", "100");

        assertThatThrownBy(() -> new TestSink.Connector().start(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("retry.backoff.max.ms (100) must be at least retry.backoff.initial.ms (5000): "
                        + "raise retry.backoff.max.ms or lower retry.backoff.initial.ms");
        ConfigValue max = new TestSink.Connector().validate(config).configValues().stream()
                .filter(value -> value.name().equals("retry.backoff.max.ms")).findFirst().orElseThrow();
        assertThat(max.errorMessages()).singleElement().asString().startsWith("retry.backoff.max.ms (100) must be at least");
    }
}
