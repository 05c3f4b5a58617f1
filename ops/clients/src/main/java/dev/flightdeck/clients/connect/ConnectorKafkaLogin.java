package dev.flightdeck.clients.connect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Gives a connector a Kafka login of its own, added to a deployment-neutral connector file at
 * registration. A sink's consumer, dead-letter producer and admin client log in as its user through
 * Connect's client overrides (the {@code Principal} override policy allows just the login settings);
 * Debezium's schema-history clients, which take nothing from the worker, get every client setting.
 * Passwords stay references (such as {@code ${dir:...}}) that the worker resolves.
 */
public final class ConnectorKafkaLogin {

    /** What the {@code Principal} client override policy lets a connector set. */
    private static final List<String> LOGIN_SETTINGS = List.of("security.protocol", "sasl.mechanism", "sasl.jaas.config");
    private static final String SCHEMA_HISTORY = "schema.history.internal.";

    private ConnectorKafkaLogin() {
    }

    /** Adds {@code settings} (Kafka client settings, without a prefix) to {@code config}, as its connector kind takes them. */
    public static void apply(ObjectNode config, Map<String, String> settings) {
        if (settings.isEmpty()) {
            return;
        }
        if (isSink(config)) {
            for (String client : List.of("consumer", "producer", "admin")) {
                for (String key : LOGIN_SETTINGS) {
                    if (settings.containsKey(key)) {
                        config.put(client + ".override." + key, settings.get(key));
                    }
                }
            }
        } else if (config.has(SCHEMA_HISTORY + "kafka.bootstrap.servers")) {
            for (String client : List.of("producer", "consumer")) {
                settings.forEach((key, value) -> {
                    if (!key.startsWith("config.providers")) { // the worker's providers resolve the references
                        config.put(SCHEMA_HISTORY + client + "." + key, value);
                    }
                });
            }
        }
    }

    /** A sink names the topics it reads; a source does not. */
    public static boolean isSink(ObjectNode config) {
        return config.has("topics") || config.has("topics.regex");
    }
}
