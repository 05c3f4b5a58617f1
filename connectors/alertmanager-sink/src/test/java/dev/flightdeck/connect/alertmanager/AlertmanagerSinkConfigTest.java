package dev.flightdeck.connect.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class AlertmanagerSinkConfigTest {

    @Test
    void shouldNameTheMissingUrl() {
        assertThatThrownBy(() -> new AlertmanagerSinkConfig(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("alertmanager.url");
    }

    @Test
    void shouldDefaultToAnHourOfHoldAndTheFlightdeckAlertName() {
        AlertmanagerSinkConfig config = new AlertmanagerSinkConfig(Map.of("alertmanager.url", "http://127.0.0.1:9093"));

        assertThat(config.hold()).isEqualTo(Duration.ofHours(1));
        assertThat(config.alertName()).isEqualTo("FlightdeckAnomaly");
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.getInt("retry.max.attempts")).isEqualTo(8);
    }

    @Test
    void shouldTakeSeveralAlertmanagersWithARoutePrefix() {
        AlertmanagerSinkConfig config = new AlertmanagerSinkConfig(Map.of("alertmanager.url",
                "http://am-0:9093, https://am-1.example.com/alertmanager"));

        assertThat(config.urls()).containsExactly(URI.create("http://am-0:9093"), URI.create("https://am-1.example.com/alertmanager"));
    }

    @Test
    void shouldRejectAUrlThatIsNotHttpAndOneWithCredentialsWithoutEchoingThem() {
        assertThatThrownBy(() -> new AlertmanagerSinkConfig(Map.of("alertmanager.url", "tcp://am:9093")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must look like http://host:port");
        assertThatThrownBy(() -> new AlertmanagerSinkConfig(Map.of("alertmanager.url", "http://ops:s3cret@am:9093")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("credentials").hasMessageNotContaining("s3cret");
    }

    @Test
    void shouldNameBothKeysWhenTheLongestBackoffIsShorterThanTheFirstInStartAndValidate() {
        Map<String, String> props = new HashMap<>(Map.of("alertmanager.url", "http://127.0.0.1:9093"));
        props.put("retry.backoff.initial.ms", "5000");
        props.put("retry.backoff.max.ms", "100");

        assertThatThrownBy(() -> new AlertmanagerSinkConfig(props))
                .hasMessageContaining("retry.backoff.max.ms").hasMessageContaining("retry.backoff.initial.ms (5000)");
        Config validated = new AlertmanagerSinkConnector().validate(props);
        ConfigValue max = validated.configValues().stream().filter(v -> v.name().equals("retry.backoff.max.ms")).findFirst().orElseThrow();
        assertThat(max.errorMessages()).singleElement().asString().contains("retry.backoff.initial.ms (5000)");
    }

    @Test
    void shouldRejectAHoldUnderASecond() {
        assertThatThrownBy(() -> new AlertmanagerSinkConfig(Map.of("alertmanager.url", "http://127.0.0.1:9093", "alert.hold.ms", "10")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("alert.hold.ms");
    }

    @Test
    void shouldDefineTheSameRetryOptionsAsTheOtherSinks() {
        assertThat(AlertmanagerSinkConfig.CONFIG.names()).contains("retry.max.attempts", "retry.backoff.initial.ms",
                "retry.backoff.max.ms", "retry.backoff.factor", "retry.budget.ms");
        assertThat(AlertmanagerSinkConfig.CONFIG.names()).doesNotContain("version.field", "version.header");
        assertThat(AlertmanagerSinkConfig.CONFIG.groups()).containsExactly("Alertmanager", "Alerts", "Retries");
    }

    @Test
    void shouldGiveEveryTaskTheConfigTheConnectorStartedWith() {
        AlertmanagerSinkConnector connector = new AlertmanagerSinkConnector();
        Map<String, String> props = Map.of("alertmanager.url", "http://127.0.0.1:9093", "alert.hold.ms", "600000");

        connector.start(props);

        assertThat(connector.taskConfigs(2)).containsExactly(props, props);
        assertThat(connector.taskClass()).isEqualTo(AlertmanagerSinkTask.class);
    }
}
