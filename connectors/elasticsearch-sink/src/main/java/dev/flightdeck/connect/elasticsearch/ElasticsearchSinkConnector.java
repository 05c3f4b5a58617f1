package dev.flightdeck.connect.elasticsearch;

import dev.flightdeck.connect.sink.FlightSinkConfig;
import dev.flightdeck.connect.sink.FlightSinkConnector;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.connector.Task;

/**
 * flight-availability into Elasticsearch: see {@link FlightIndex} for the index and the
 * version guard, {@link ElasticsearchSinkConfig} for the options.
 */
public final class ElasticsearchSinkConnector extends FlightSinkConnector {

    @Override
    protected FlightSinkConfig parse(Map<String, String> properties) {
        return new ElasticsearchSinkConfig(properties);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ElasticsearchSinkTask.class;
    }

    @Override
    public ConfigDef config() {
        return ElasticsearchSinkConfig.CONFIG;
    }

    /** Username and password go together. */
    @Override
    protected void validateAcrossKeys(Map<String, ConfigValue> values) {
        ConfigValue username = values.get(ElasticsearchSinkConfig.USERNAME_CONFIG);
        ConfigValue password = values.get(ElasticsearchSinkConfig.PASSWORD_CONFIG);
        if (username.errorMessages().isEmpty() && password.errorMessages().isEmpty()) {
            String problem = ElasticsearchSinkConfig.credentialsProblem((String) username.value(), (Password) password.value());
            if (problem != null) {
                username.addErrorMessage(problem);
                password.addErrorMessage(problem);
            }
        }
    }
}
