package dev.flightdeck.streams.runtime;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/** The smallest app on the skeleton: one option of its own, one topic copied to another. */
final class ExampleApp extends StreamsApp {

    static final class Config extends StreamsAppConfig {
        static final String TOPIC_OUT_CONFIG = "topic.out";
        static final ConfigDef CONFIG = commonOptions("example", 8099)
                .define(TOPIC_OUT_CONFIG, Type.STRING, "out", Importance.LOW, "Where records go.");

        Config(Map<?, ?> values) {
            super(CONFIG, values);
        }
    }

    static final Map<String, String> REQUIRED = Map.of(
            StreamsAppConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9",
            StreamsAppConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://127.0.0.1:9",
            StreamsAppConfig.APICURIO_REGISTRY_URL_CONFIG, "http://127.0.0.1:9");

    private final Config config;

    ExampleApp(Config config) {
        super("example", config);
        this.config = config;
    }

    @Override
    protected List<NewTopic> ownedTopics() {
        return List.of();
    }

    @Override
    protected Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to(config.getString(Config.TOPIC_OUT_CONFIG));
        return builder.build();
    }
}
