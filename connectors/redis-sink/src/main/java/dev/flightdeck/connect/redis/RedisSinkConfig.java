package dev.flightdeck.connect.redis;

import dev.flightdeck.connect.sink.FlightSinkConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/** The Redis sink's options, with their documentation (shown by Connect's validate endpoint). */
public final class RedisSinkConfig extends FlightSinkConfig {

    private static final String CONNECTION_GROUP = "Connection";

    public static final String REDIS_URI_CONFIG = "redis.uri";
    private static final String REDIS_URI_DOC = "Redis to write to, e.g. redis://127.0.0.1:6379 or rediss://user:pass@host:6380/0.";
    private static final String REDIS_URI_DISPLAY = "Redis URI";

    public static final String REDIS_USER_CONFIG = "redis.user";
    private static final String REDIS_USER_DOC = "Redis ACL user to authenticate as; empty: the default user "
            + "(with redis.password, as requirepass expects).";
    private static final String REDIS_USER_DISPLAY = "Redis user";

    public static final String REDIS_PASSWORD_CONFIG = "redis.password";
    private static final String REDIS_PASSWORD_DOC = "Password of redis.user (or requirepass); give it through a config "
            + "provider, e.g. ${env:FLIGHTDECK_REDIS_PASSWORD}, never inline. Empty: no AUTH.";
    private static final String REDIS_PASSWORD_DISPLAY = "Redis password";

    public static final String REDIS_TIMEOUT_CONFIG = "redis.timeout.ms";
    private static final String REDIS_TIMEOUT_DOC = "Connect and read timeout of every Redis call; a call that runs "
            + "into it is retried as a transient failure.";
    private static final String REDIS_TIMEOUT_DISPLAY = "Redis timeout (ms)";

    public static final String KEY_PREFIX_CONFIG = "redis.key.prefix";
    private static final String KEY_PREFIX_DOC = "Prefix of every key the sink writes (the key design: docs/connectors.md).";
    private static final String KEY_PREFIX_DISPLAY = "Key prefix";

    public static final String EXPIRE_AFTER_ARRIVAL_CONFIG = "expire.after.arrival.ms";
    private static final String EXPIRE_AFTER_ARRIVAL_DOC = "A flight's keys expire this long after its arrival time.";
    private static final String EXPIRE_AFTER_ARRIVAL_DISPLAY = "Expire after arrival (ms)";

    public static final String DELETED_MARKER_TTL_CONFIG = "deleted.marker.ttl.ms";
    private static final String DELETED_MARKER_TTL_DOC = "How long a deleted flight's version marker is kept, so that an "
            + "older write redelivered later cannot bring the flight back. Longer than any replay you expect.";
    private static final String DELETED_MARKER_TTL_DISPLAY = "Deleted marker TTL (ms)";

    public static final ConfigDef CONFIG = FlightSinkConfig.define(new ConfigDef())
            .define(REDIS_URI_CONFIG, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, new RedisUriValidator(), Importance.HIGH,
                    REDIS_URI_DOC, CONNECTION_GROUP, 1, Width.LONG, REDIS_URI_DISPLAY)
            .define(REDIS_USER_CONFIG, Type.STRING, "", Importance.MEDIUM,
                    REDIS_USER_DOC, CONNECTION_GROUP, 2, Width.SHORT, REDIS_USER_DISPLAY)
            .define(REDIS_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.HIGH,
                    REDIS_PASSWORD_DOC, CONNECTION_GROUP, 3, Width.MEDIUM, REDIS_PASSWORD_DISPLAY)
            .define(REDIS_TIMEOUT_CONFIG, Type.INT, 2000, Range.between(1, 600_000), Importance.LOW,
                    REDIS_TIMEOUT_DOC, CONNECTION_GROUP, 4, Width.SHORT, REDIS_TIMEOUT_DISPLAY)
            .define(KEY_PREFIX_CONFIG, Type.STRING, "flightdeck:", Importance.MEDIUM,
                    KEY_PREFIX_DOC, MODEL_GROUP, 3, Width.SHORT, KEY_PREFIX_DISPLAY)
            .define(EXPIRE_AFTER_ARRIVAL_CONFIG, Type.LONG, Duration.ofDays(1).toMillis(), Range.atLeast(0), Importance.LOW,
                    EXPIRE_AFTER_ARRIVAL_DOC, MODEL_GROUP, 4, Width.SHORT, EXPIRE_AFTER_ARRIVAL_DISPLAY)
            .define(DELETED_MARKER_TTL_CONFIG, Type.LONG, Duration.ofDays(7).toMillis(), Range.atLeast(1), Importance.LOW,
                    DELETED_MARKER_TTL_DOC, MODEL_GROUP, 5, Width.SHORT, DELETED_MARKER_TTL_DISPLAY);

    public RedisSinkConfig(Map<?, ?> originals) {
        super(CONFIG, originals);
    }

    URI redisUri() {
        return URI.create(getPassword(REDIS_URI_CONFIG).value());
    }

    /** A pooled client with the configured credentials and timeouts; credentials in the URI itself win. */
    JedisPooled openRedis() {
        URI uri = redisUri();
        String user = getString(REDIS_USER_CONFIG);
        String password = getPassword(REDIS_PASSWORD_CONFIG).value();
        int timeout = getInt(REDIS_TIMEOUT_CONFIG);
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeout).socketTimeoutMillis(timeout)
                .ssl("rediss".equals(uri.getScheme()))
                .user(user.isEmpty() ? null : user)
                .password(password.isEmpty() ? null : password);
        if (uri.getUserInfo() != null) {
            String[] credentials = uri.getUserInfo().split(":", 2);
            client.user(credentials[0].isEmpty() ? null : credentials[0]).password(credentials.length > 1 ? credentials[1] : null);
        }
        if (uri.getPath() != null && uri.getPath().length() > 1) { // checked by RedisUriValidator
            client.database(Integer.parseInt(uri.getPath().substring(1)));
        }
        return new JedisPooled(new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), client.build());
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
            String path = uri.getPath() == null ? "" : uri.getPath();
            if (!path.isEmpty() && !path.equals("/") && !path.substring(1).matches("[0-9]{1,5}")) {
                throw new ConfigException(name + " may end in a database number (redis://host:port/0), not '" + path + "'");
            }
        }

        @Override
        public String toString() {
            return "redis://host:port[/db] or rediss://...";
        }
    }
}
