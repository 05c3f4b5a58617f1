package dev.flightdeck.connect.sink;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** The smallest sink on the base classes: only the options every sink has, writing into an {@link InMemoryReadModel}. */
final class TestSink {

    private TestSink() {
    }

    static final class Config extends FlightSinkConfig {
        static final ConfigDef CONFIG = FlightSinkConfig.define(new ConfigDef());

        Config(Map<?, ?> originals) {
            super(CONFIG, originals);
        }
    }

    static final class Connector extends FlightSinkConnector {
        @Override
        protected FlightSinkConfig parse(Map<String, String> properties) {
            return new Config(properties);
        }

        @Override
        public Class<? extends org.apache.kafka.connect.connector.Task> taskClass() {
            return Task.class;
        }

        @Override
        public ConfigDef config() {
            return Config.CONFIG;
        }
    }

    static final class Task extends FlightSinkTask<Config> {
        final InMemoryReadModel readModel = new InMemoryReadModel();

        @Override
        protected Config parse(Map<String, String> properties) {
            return new Config(properties);
        }

        @Override
        protected ReadModelWriter openWriter(Config config) {
            return readModel;
        }
    }
}
