package dev.flightdeck.connect.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** The Redis sink's options, with their documentation (shown by Connect's validate endpoint). */
public final class RedisSinkConfig extends AbstractConfig {

    private static final String CONNECTION_GROUP = "Connection";
    private static final String MODEL_GROUP = "Read model";
    private static final String RETRY_GROUP = "Retries";

    public static final String REDIS_URI_CONFIG = "redis.uri";
    private static final String REDIS_URI_DOC = "Redis to write to, e.g. redis://127.0.0.1:6379 or rediss://user:pass@host:6380/0.";
    private static final String REDIS_URI_DISPLAY = "Redis URI";

    public static final String KEY_PREFIX_CONFIG = "redis.key.prefix";
    private static final String KEY_PREFIX_DOC = "Prefix of every key the sink writes (see the key design in the README).";
    private static final String KEY_PREFIX_DISPLAY = "Key prefix";

    public static final String VERSION_FIELD_CONFIG = "version.field";
    private static final String VERSION_FIELD_DOC = "Field of the record value holding the version that guards every write: "
            + "a write whose version is not newer than the stored one is skipped. Tombstones carry it in the header "
            + "named by " + "version.header" + ".";
    private static final String VERSION_FIELD_DISPLAY = "Version field";

    public static final String VERSION_HEADER_CONFIG = "version.header";
    private static final String VERSION_HEADER_DOC = "Record header with the version as an 8-byte big-endian long; "
            + "required on tombstones, which have no value.";
    private static final String VERSION_HEADER_DISPLAY = "Version header";

    public static final String EXPIRE_AFTER_ARRIVAL_CONFIG = "expire.after.arrival.ms";
    private static final String EXPIRE_AFTER_ARRIVAL_DOC = "A flight's keys expire this long after its arrival time.";
    private static final String EXPIRE_AFTER_ARRIVAL_DISPLAY = "Expire after arrival (ms)";

    public static final String DELETED_MARKER_TTL_CONFIG = "deleted.marker.ttl.ms";
    private static final String DELETED_MARKER_TTL_DOC = "How long a deleted flight's version marker is kept, so that an "
            + "older write redelivered later cannot bring the flight back. Longer than any replay you expect.";
    private static final String DELETED_MARKER_TTL_DISPLAY = "Deleted marker TTL (ms)";

    public static final String RETRY_MAX_ATTEMPTS_CONFIG = "retry.max.attempts";
    private static final String RETRY_MAX_ATTEMPTS_DOC = "Attempts of a batch on a transient failure (connection refused, "
            + "timeout, LOADING, BUSY) before the task throws RetriableException, so Connect pauses and redelivers.";
    private static final String RETRY_MAX_ATTEMPTS_DISPLAY = "Attempts per batch";

    public static final String RETRY_BACKOFF_INITIAL_CONFIG = "retry.backoff.initial.ms";
    private static final String RETRY_BACKOFF_INITIAL_DOC = "Wait before the second attempt.";
    private static final String RETRY_BACKOFF_INITIAL_DISPLAY = "First backoff (ms)";

    public static final String RETRY_BACKOFF_MAX_CONFIG = "retry.backoff.max.ms";
    private static final String RETRY_BACKOFF_MAX_DOC = "Longest wait between attempts.";
    private static final String RETRY_BACKOFF_MAX_DISPLAY = "Longest backoff (ms)";

    public static final String RETRY_BACKOFF_FACTOR_CONFIG = "retry.backoff.factor";
    private static final String RETRY_BACKOFF_FACTOR_DOC = "Each wait is the previous one times this factor, "
            + "with full jitter (a random part of it), up to " + "retry.backoff.max.ms" + ".";
    private static final String RETRY_BACKOFF_FACTOR_DISPLAY = "Backoff factor";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(REDIS_URI_CONFIG, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, new RedisUriValidator(), Importance.HIGH,
                    REDIS_URI_DOC, CONNECTION_GROUP, 1, Width.LONG, REDIS_URI_DISPLAY)
            .define(KEY_PREFIX_CONFIG, Type.STRING, "flightdeck:", Importance.MEDIUM,
                    KEY_PREFIX_DOC, MODEL_GROUP, 1, Width.SHORT, KEY_PREFIX_DISPLAY)
            .define(VERSION_FIELD_CONFIG, Type.STRING, "version", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    VERSION_FIELD_DOC, MODEL_GROUP, 2, Width.SHORT, VERSION_FIELD_DISPLAY)
            .define(VERSION_HEADER_CONFIG, Type.STRING, "flightdeck.version", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    VERSION_HEADER_DOC, MODEL_GROUP, 3, Width.MEDIUM, VERSION_HEADER_DISPLAY)
            .define(EXPIRE_AFTER_ARRIVAL_CONFIG, Type.LONG, Duration.ofDays(1).toMillis(), Range.atLeast(0), Importance.LOW,
                    EXPIRE_AFTER_ARRIVAL_DOC, MODEL_GROUP, 4, Width.SHORT, EXPIRE_AFTER_ARRIVAL_DISPLAY)
            .define(DELETED_MARKER_TTL_CONFIG, Type.LONG, Duration.ofDays(7).toMillis(), Range.atLeast(1), Importance.LOW,
                    DELETED_MARKER_TTL_DOC, MODEL_GROUP, 5, Width.SHORT, DELETED_MARKER_TTL_DISPLAY)
            .define(RETRY_MAX_ATTEMPTS_CONFIG, Type.INT, 8, Range.atLeast(1), Importance.LOW,
                    RETRY_MAX_ATTEMPTS_DOC, RETRY_GROUP, 1, Width.SHORT, RETRY_MAX_ATTEMPTS_DISPLAY)
            .define(RETRY_BACKOFF_INITIAL_CONFIG, Type.LONG, 100L, Range.atLeast(1), Importance.LOW,
                    RETRY_BACKOFF_INITIAL_DOC, RETRY_GROUP, 2, Width.SHORT, RETRY_BACKOFF_INITIAL_DISPLAY)
            .define(RETRY_BACKOFF_MAX_CONFIG, Type.LONG, 10_000L, Range.atLeast(1), Importance.LOW,
                    RETRY_BACKOFF_MAX_DOC, RETRY_GROUP, 3, Width.SHORT, RETRY_BACKOFF_MAX_DISPLAY)
            .define(RETRY_BACKOFF_FACTOR_CONFIG, Type.DOUBLE, 2.0, Range.atLeast(1.0), Importance.LOW,
                    RETRY_BACKOFF_FACTOR_DOC, RETRY_GROUP, 4, Width.SHORT, RETRY_BACKOFF_FACTOR_DISPLAY);

    public RedisSinkConfig(Map<?, ?> originals) {
        super(CONFIG, originals);
        if (getLong(RETRY_BACKOFF_MAX_CONFIG) < getLong(RETRY_BACKOFF_INITIAL_CONFIG)) {
            throw new ConfigException(RETRY_BACKOFF_MAX_CONFIG, getLong(RETRY_BACKOFF_MAX_CONFIG),
                    "must be at least " + RETRY_BACKOFF_INITIAL_CONFIG + " (" + getLong(RETRY_BACKOFF_INITIAL_CONFIG) + ")");
        }
    }

    URI redisUri() {
        return URI.create(getPassword(REDIS_URI_CONFIG).value());
    }

    Backoff backoff() {
        return new Backoff(Duration.ofMillis(getLong(RETRY_BACKOFF_INITIAL_CONFIG)), Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_CONFIG)),
                getDouble(RETRY_BACKOFF_FACTOR_CONFIG));
    }

    /** redis:// or rediss:// with a host; the message names the key and never echoes a password. */
    static final class RedisUriValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                throw new ConfigException(name + " is required, e.g. redis://127.0.0.1:6379");
            }
            String text = value instanceof org.apache.kafka.common.config.types.Password p ? p.value() : value.toString();
            URI uri;
            try {
                uri = URI.create(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name + " is not a URI (expected redis://host:port)");
            }
            if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new ConfigException(name + " must look like redis://host:port or rediss://host:port, scheme '"
                        + uri.getScheme() + "', host '" + uri.getHost() + "'");
            }
        }

        @Override
        public String toString() {
            return "redis://host:port[/db] or rediss://...";
        }
    }
}
