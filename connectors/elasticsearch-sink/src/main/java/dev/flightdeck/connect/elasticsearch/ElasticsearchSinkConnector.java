package dev.flightdeck.connect.elasticsearch;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * flight-availability into Elasticsearch: see {@link FlightIndex} for the index and the
 * version guard, {@link ElasticsearchSinkConfig} for the options.
 */
public final class ElasticsearchSinkConnector extends SinkConnector {

    static final String VERSION = "0.1.0";

    private Map<String, String> properties;

    @Override
    public void start(Map<String, String> properties) {
        new ElasticsearchSinkConfig(properties); // fail here, naming the key, rather than in every task
        this.properties = Map.copyOf(properties);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ElasticsearchSinkTask.class;
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
        return ElasticsearchSinkConfig.CONFIG;
    }

    /** The per-key checks, plus the one that takes two keys: username and password go together. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> values = new HashMap<>();
        config.configValues().forEach(value -> values.put(value.name(), value));
        ConfigValue username = values.get(ElasticsearchSinkConfig.USERNAME_CONFIG);
        ConfigValue password = values.get(ElasticsearchSinkConfig.PASSWORD_CONFIG);
        if (username != null && password != null && username.errorMessages().isEmpty() && password.errorMessages().isEmpty()) {
            String problem = ElasticsearchSinkConfig.credentialsProblem((String) username.value(), (Password) password.value());
            if (problem != null) {
                username.addErrorMessage(problem);
                password.addErrorMessage(problem);
            }
        }
        return config;
    }

    @Override
    public String version() {
        return VERSION;
    }
}
