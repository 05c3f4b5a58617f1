package dev.flightdeck.connect.alertmanager;

import dev.flightdeck.connect.sink.FlightSinkConfig;
import dev.flightdeck.connect.sink.SinkRetryOptions;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * The anomalies topic into Prometheus Alertmanager: see {@link AlertMapping} for the alerts,
 * {@link AlertmanagerSinkTask} for resolution, retries and dead letters, {@link AlertmanagerSinkConfig}
 * for the options. It checks the config when it starts, so a wrong key fails once and named
 * rather than in every task.
 */
public final class AlertmanagerSinkConnector extends SinkConnector {

    private Map<String, String> properties;

    @Override
    public void start(Map<String, String> properties) {
        new AlertmanagerSinkConfig(properties);
        this.properties = Map.copyOf(properties);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return AlertmanagerSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, properties);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return AlertmanagerSinkConfig.CONFIG;
    }

    /** Connect's per-key checks, then the backoff bounds, which take two keys, so validate reports what start() would refuse. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Optional<ConfigValue> initial = value(config, FlightSinkConfig.RETRY_BACKOFF_INITIAL_CONFIG);
        Optional<ConfigValue> max = value(config, FlightSinkConfig.RETRY_BACKOFF_MAX_CONFIG);
        if (initial.isPresent() && max.isPresent() && initial.get().errorMessages().isEmpty() && max.get().errorMessages().isEmpty()) {
            String problem = SinkRetryOptions.backoffProblem((Long) initial.get().value(), (Long) max.get().value());
            if (problem != null) {
                max.get().addErrorMessage(problem);
            }
        }
        return config;
    }

    private static Optional<ConfigValue> value(Config config, String name) {
        return config.configValues().stream().filter(value -> value.name().equals(name)).findFirst();
    }

    @Override
    public String version() {
        return SinkRetryOptions.pluginVersion();
    }
}
