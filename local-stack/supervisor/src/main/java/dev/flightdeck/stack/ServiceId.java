package dev.flightdeck.stack;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The services of the local stack, in the order they start (each may need the ones before it). */
public enum ServiceId {
    MYSQL("mysql"),
    KAFKA("kafka"),
    SCHEMA_REGISTRY("schema-registry"),
    // The read-model stores come before Connect: the sink connectors' configs refer to their addresses.
    ELASTICSEARCH("elasticsearch"),
    REDIS("redis"),
    // Before Connect too: the anomalies sink's config refers to its address.
    ALERTMANAGER("alertmanager"),
    CONNECT("connect"),
    SEAT_AVAILABILITY("seat-availability"),
    ANOMALY_DETECTOR("anomaly-detector"),
    SEARCH_SERVICE("search-service"),
    LAG_EXPORTER("lag-exporter"),
    MYSQL_EXPORTER("mysqld-exporter"),
    REDIS_EXPORTER("redis-exporter"),
    ELASTICSEARCH_EXPORTER("elasticsearch-exporter"),
    // After every service it scrapes, so that each one's metrics port is known when its config is written.
    PROMETHEUS("prometheus"),
    SIMULATOR("simulator");

    private final String key;

    ServiceId(String key) {
        this.key = key;
    }

    /** The name users type and see: in commands, folders under .flightdeck and the status document. */
    public String key() {
        return key;
    }

    public static ServiceId parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (ServiceId id : values()) {
            if (id.key.equals(wanted) || id.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return id;
            }
        }
        throw new IllegalArgumentException("unknown service '" + name + "'; the services are: " + allKeys());
    }

    public static String allKeys() {
        return Arrays.stream(values()).map(ServiceId::key).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return key;
    }
}
