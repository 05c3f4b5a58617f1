package dev.flightdeck.connect.redis;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/** flight-availability into Redis: see {@link FlightStore} for the keys, {@link RedisSinkConfig} for the options. */
public final class RedisSinkConnector extends SinkConnector {

    static final String VERSION = "0.1.0";

    private Map<String, String> properties;

    @Override
    public void start(Map<String, String> properties) {
        new RedisSinkConfig(properties); // fail here, naming the key, rather than in every task
        this.properties = Map.copyOf(properties);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return RedisSinkTask.class;
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
        return RedisSinkConfig.CONFIG;
    }

    @Override
    public String version() {
        return VERSION;
    }
}
