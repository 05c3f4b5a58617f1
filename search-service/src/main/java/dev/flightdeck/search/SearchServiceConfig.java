package dev.flightdeck.search;

import dev.flightdeck.clients.OptionsFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The search service's options, each defined once with its documentation, default and validator.
 * An option this service does not know is refused by name: a misspelt key must not silently leave
 * a default in place.
 */
public final class SearchServiceConfig extends AbstractConfig {

    public static final String HTTP_LISTENER_CONFIG = "http.listener";
    private static final String HTTP_LISTENER_DOC = "host:port of the API, the web page, /openapi.json and /docs. Port 0: any free one.";

    public static final String OPS_LISTENER_CONFIG = "ops.listener";
    private static final String OPS_LISTENER_DOC = "host:port of /health/live, /health/ready and /metrics, apart from API load.";

    public static final String CLUSTER_PROFILE_CONFIG = "cluster.profile";
    private static final String CLUSTER_PROFILE_DOC = "The deployment's cluster profile (the file every ops command takes with --config): "
            + "where Kafka, the registry, Elasticsearch, Redis (with its password file) and seat-availability are.";

    public static final String ELASTICSEARCH_ALIAS_CONFIG = "elasticsearch.alias";
    private static final String ELASTICSEARCH_ALIAS_DOC = "The alias the Elasticsearch sink writes flights behind.";

    public static final String ELASTICSEARCH_TIMEOUT_CONFIG = "elasticsearch.timeout.ms";
    private static final String ELASTICSEARCH_TIMEOUT_DOC = "Connect and response timeout of each Elasticsearch call (each retry gets its own).";

    public static final String REDIS_KEY_PREFIX_CONFIG = "redis.key.prefix";
    private static final String REDIS_KEY_PREFIX_DOC = "Prefix of the Redis sink's keys (its option redis.key.prefix).";

    public static final String AIRPORTS_TOPIC_CONFIG = "airports.topic";
    private static final String AIRPORTS_TOPIC_DOC = "Debezium's topic of the airport table.";

    public static final String API_KEYS_FILE_CONFIG = "api.keys.file";
    private static final String API_KEYS_FILE_DOC = "File of accepted API keys, one per line: NAME sha256:HEX (the SHA-256 of the key; "
            + "keys are never stored in clear). Created with one generated key when missing.";

    public static final String API_KEY_FILE_CONFIG = "api.key.file";
    private static final String API_KEY_FILE_DOC = "Where a key generated because api.keys.file was missing is written in clear, "
            + "readable by its owner only, for the local user. Empty: do not generate; a missing api.keys.file is an error.";

    public static final String RATE_LIMIT_RATE_CONFIG = "rate.limit.requests.per.second";
    private static final String RATE_LIMIT_RATE_DOC = "Requests per second each API key may make on average (its token bucket's refill rate).";

    public static final String RATE_LIMIT_BURST_CONFIG = "rate.limit.burst";
    private static final String RATE_LIMIT_BURST_DOC = "Requests a key may make at once after a quiet spell (its token bucket's size).";

    public static final String CORS_ALLOWED_ORIGINS_CONFIG = "cors.allowed.origins";
    private static final String CORS_ALLOWED_ORIGINS_DOC = "Origins (scheme://host:port) whose pages may call the API from a browser; "
            + "empty: the service's own page only.";

    static final ConfigDef DEFINITION = new ConfigDef()
            .define(HTTP_LISTENER_CONFIG, Type.STRING, "127.0.0.1:8095", Importance.HIGH, HTTP_LISTENER_DOC)
            .define(OPS_LISTENER_CONFIG, Type.STRING, "127.0.0.1:8195", Importance.MEDIUM, OPS_LISTENER_DOC)
            .define(CLUSTER_PROFILE_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH, CLUSTER_PROFILE_DOC)
            .define(ELASTICSEARCH_ALIAS_CONFIG, Type.STRING, "flights", new ConfigDef.NonEmptyString(), Importance.MEDIUM, ELASTICSEARCH_ALIAS_DOC)
            .define(ELASTICSEARCH_TIMEOUT_CONFIG, Type.LONG, 2_000L, Range.between(50, 60_000), Importance.LOW, ELASTICSEARCH_TIMEOUT_DOC)
            .define(REDIS_KEY_PREFIX_CONFIG, Type.STRING, "flightdeck:", Importance.LOW, REDIS_KEY_PREFIX_DOC)
            .define(AIRPORTS_TOPIC_CONFIG, Type.STRING, "cdc.flights.airport", Importance.LOW, AIRPORTS_TOPIC_DOC)
            .define(API_KEYS_FILE_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH, API_KEYS_FILE_DOC)
            .define(API_KEY_FILE_CONFIG, Type.STRING, "", Importance.MEDIUM, API_KEY_FILE_DOC)
            .define(RATE_LIMIT_RATE_CONFIG, Type.DOUBLE, 20.0, Range.between(0.01, 1_000_000), Importance.MEDIUM, RATE_LIMIT_RATE_DOC)
            .define(RATE_LIMIT_BURST_CONFIG, Type.INT, 40, Range.between(1, 1_000_000), Importance.MEDIUM, RATE_LIMIT_BURST_DOC)
            .define(CORS_ALLOWED_ORIGINS_CONFIG, Type.LIST, "", Importance.LOW, CORS_ALLOWED_ORIGINS_DOC);

    public SearchServiceConfig(Map<?, ?> properties) {
        super(DEFINITION, OptionsFile.refuseUnknown(DEFINITION, properties), false);
    }

    public static SearchServiceConfig of(Properties properties) {
        return new SearchServiceConfig(properties);
    }

    public String httpListener() {
        return getString(HTTP_LISTENER_CONFIG);
    }

    public String opsListener() {
        return getString(OPS_LISTENER_CONFIG);
    }

    public Path clusterProfile() {
        return Path.of(getString(CLUSTER_PROFILE_CONFIG));
    }

    public String elasticsearchAlias() {
        return getString(ELASTICSEARCH_ALIAS_CONFIG);
    }

    public Duration elasticsearchTimeout() {
        return Duration.ofMillis(getLong(ELASTICSEARCH_TIMEOUT_CONFIG));
    }

    public String redisKeyPrefix() {
        return getString(REDIS_KEY_PREFIX_CONFIG);
    }

    public String airportsTopic() {
        return getString(AIRPORTS_TOPIC_CONFIG);
    }

    public Path apiKeysFile() {
        return Path.of(getString(API_KEYS_FILE_CONFIG));
    }

    public Path apiKeyFile() {
        String file = getString(API_KEY_FILE_CONFIG);
        return file.isBlank() ? null : Path.of(file);
    }

    public double rateLimitPerSecond() {
        return getDouble(RATE_LIMIT_RATE_CONFIG);
    }

    public int rateLimitBurst() {
        return getInt(RATE_LIMIT_BURST_CONFIG);
    }

    public Set<String> corsAllowedOrigins() {
        return Set.copyOf(getList(CORS_ALLOWED_ORIGINS_CONFIG));
    }

    /** Every option with its default and documentation, for --help. */
    public static String help() {
        StringBuilder text = new StringBuilder("search-service CONFIG_FILE [key=value ...]\n\nOptions:\n");
        DEFINITION.configKeys().values().stream().sorted((a, b) -> a.name.compareTo(b.name)).forEach(key -> text.append("  ")
                .append(key.name).append(" (default: ").append(key.hasDefault() ? key.defaultValue : "required").append(")\n      ")
                .append(key.documentation).append('\n'));
        return text.toString();
    }
}
