package dev.flightdeck.connect.sink;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * A connector writing flight-availability into one read model. It checks the config when it
 * starts, so a wrong key fails once and named rather than in every task, and gives every task
 * the same config; the work is the tasks' ({@link FlightSinkTask}). A sink adds its
 * {@link #config()}, {@link #taskClass()}, how to {@link #parse} its config, and any check that
 * spans several keys in {@link #validateAcrossKeys}.
 */
public abstract class FlightSinkConnector extends SinkConnector {

    private Map<String, String> properties;

    /** The sink's config; throws {@code ConfigException} naming the key that is wrong. */
    protected abstract FlightSinkConfig parse(Map<String, String> properties);

    @Override
    public final void start(Map<String, String> properties) {
        parse(properties);
        this.properties = Map.copyOf(properties);
    }

    @Override
    public final List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, properties);
    }

    @Override
    public final void stop() {
    }

    /** Connect's per-key checks, then those that take several keys, so the validate endpoint reports what start() would refuse. */
    @Override
    public final Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> values = new HashMap<>();
        config.configValues().forEach(value -> values.put(value.name(), value));
        ConfigValue initial = values.get(FlightSinkConfig.RETRY_BACKOFF_INITIAL_CONFIG);
        ConfigValue max = values.get(FlightSinkConfig.RETRY_BACKOFF_MAX_CONFIG);
        if (initial.errorMessages().isEmpty() && max.errorMessages().isEmpty()) {
            String problem = FlightSinkConfig.backoffProblem((Long) initial.value(), (Long) max.value());
            if (problem != null) {
                max.addErrorMessage(problem);
            }
        }
        validateAcrossKeys(values);
        return config;
    }

    /**
     * Adds an error to each value involved in a check that spans several of the sink's own keys.
     * Runs after the per-key checks; a value that already has an error is best left alone.
     */
    protected void validateAcrossKeys(Map<String, ConfigValue> values) {
    }

    @Override
    public final String version() {
        return PluginVersion.VERSION;
    }
}
