package dev.flightdeck.connect.redis;

import dev.flightdeck.connect.sink.FlightSinkConfig;
import dev.flightdeck.connect.sink.FlightSinkConnector;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/** flight-availability into Redis: see {@link FlightStore} for the keys, {@link RedisSinkConfig} for the options. */
public final class RedisSinkConnector extends FlightSinkConnector {

    @Override
    protected FlightSinkConfig parse(Map<String, String> properties) {
        return new RedisSinkConfig(properties);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return RedisSinkTask.class;
    }

    @Override
    public ConfigDef config() {
        return RedisSinkConfig.CONFIG;
    }
}
