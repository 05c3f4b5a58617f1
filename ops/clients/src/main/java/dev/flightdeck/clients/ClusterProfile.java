package dev.flightdeck.clients;

import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.clients.registry.RegistryClient;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * Where a Flightdeck deployment's services are and how to reach them: a properties file given with
 * {@code --config FILE}, the way Kafka's own tools take {@code --command-config}. The local stack
 * writes one for itself ({@code .flightdeck/flightdeck.properties}); a cluster has its own.
 *
 * <p>Only {@code bootstrap.servers} is required; each operation names the keys it needs when they
 * are missing. Client settings for a secured Kafka pass through under {@code kafka.} (for example
 * {@code kafka.security.protocol=SASL_SSL}); Kafka's config providers work there as in any Kafka
 * client config. Passwords never sit in the file itself: they come from a file of their own or an
 * environment variable.
 */
public final class ClusterProfile extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers, host:port[,host:port...].";

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    private static final String SCHEMA_REGISTRY_URL_DOC = "The schema registry's Confluent-compatible API, e.g. "
            + "http://registry:8080/apis/ccompat/v7 (Apicurio) or http://registry:8081 (Confluent).";

    public static final String APICURIO_REGISTRY_URL_CONFIG = "apicurio.registry.url";
    private static final String APICURIO_REGISTRY_URL_DOC = "Apicurio Registry's v2 API, which Apicurio's serdes use; "
            + "empty: derived from schema.registry.url when that is Apicurio's ccompat API.";

    public static final String SCHEMA_REGISTRY_USER_CONFIG = "schema.registry.user";
    private static final String SCHEMA_REGISTRY_USER_DOC = "User for the registry's Basic authentication, which changing "
            + "rules and registering schemas need; empty: anonymous (reads only, on a registry that asks).";

    public static final String SCHEMA_REGISTRY_PASSWORD_FILE_CONFIG = "schema.registry.password.file";
    private static final String SCHEMA_REGISTRY_PASSWORD_FILE_DOC = "A file holding only schema.registry.user's password (mode 600).";

    public static final String SCHEMA_REGISTRY_PASSWORD_ENV_CONFIG = "schema.registry.password.env";
    private static final String SCHEMA_REGISTRY_PASSWORD_ENV_DOC = "The name of an environment variable holding "
            + "schema.registry.user's password.";

    public static final String CONNECT_URL_CONFIG = "connect.url";
    private static final String CONNECT_URL_DOC = "Kafka Connect's REST API of the worker cluster that runs Debezium and the sinks.";

    public static final String CONNECT_USER_CONFIG = "connect.user";
    private static final String CONNECT_USER_DOC = "User for Connect's REST API when it asks for Basic authentication; "
            + "empty: send no credentials.";

    public static final String CONNECT_PASSWORD_FILE_CONFIG = "connect.password.file";
    private static final String CONNECT_PASSWORD_FILE_DOC = "A file holding only connect.user's password (mode 600).";

    public static final String CONNECT_CA_FILE_CONFIG = "connect.ca.file";
    private static final String CONNECT_CA_FILE_DOC = "A PEM file of the certificate authorities to trust for an https:// "
            + "connect.url (a deployment's own CA); empty: the JVM's default ones.";

    public static final String CONNECT_PASSWORD_ENV_CONFIG = "connect.password.env";
    private static final String CONNECT_PASSWORD_ENV_DOC = "The name of an environment variable holding connect.user's password.";

    public static final String MYSQL_JDBC_URL_CONFIG = "mysql.jdbc.url";
    private static final String MYSQL_JDBC_URL_DOC = "The captured database, jdbc:mysql://host:port/flights. Connect and "
            + "socket timeouts are added when the URL has none.";

    public static final String MYSQL_USER_CONFIG = "mysql.user";
    private static final String MYSQL_USER_DOC = "MySQL user for reading (reconcile, schema check): SELECT on the captured database.";

    public static final String MYSQL_PASSWORD_FILE_CONFIG = "mysql.password.file";
    private static final String MYSQL_PASSWORD_FILE_DOC = "A file holding only mysql.user's password (mode 600).";

    public static final String MYSQL_PASSWORD_ENV_CONFIG = "mysql.password.env";
    private static final String MYSQL_PASSWORD_ENV_DOC = "The name of an environment variable holding mysql.user's password.";

    public static final String ELASTICSEARCH_URL_CONFIG = "elasticsearch.url";
    private static final String ELASTICSEARCH_URL_DOC = "Elasticsearch's HTTP API, where the flights index lives.";

    public static final String REDIS_URL_CONFIG = "redis.url";
    private static final String REDIS_URL_DOC = "The Redis read model, redis://host:port (rediss:// for TLS).";

    public static final String REDIS_USER_CONFIG = "redis.user";
    private static final String REDIS_USER_DOC = "Redis ACL user to read with; empty: the default user.";

    public static final String REDIS_PASSWORD_FILE_CONFIG = "redis.password.file";
    private static final String REDIS_PASSWORD_FILE_DOC = "A file holding only the Redis password (mode 600); none: Redis without AUTH.";

    public static final String REDIS_PASSWORD_ENV_CONFIG = "redis.password.env";
    private static final String REDIS_PASSWORD_ENV_DOC = "The name of an environment variable holding the Redis password.";

    public static final String SEAT_AVAILABILITY_URL_CONFIG = "seat-availability.url";
    private static final String SEAT_AVAILABILITY_URL_DOC = "Any seat-availability instance's HTTP API (it forwards to the "
            + "instance owning a flight).";

    /** Kafka client settings (security included) under this prefix go to every Kafka client unchanged. */
    public static final String KAFKA_PREFIX = "kafka.";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, hostPorts(), Importance.HIGH,
                    BOOTSTRAP_SERVERS_DOC)
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, "", url("the schema registry"), Importance.HIGH,
                    SCHEMA_REGISTRY_URL_DOC)
            .define(APICURIO_REGISTRY_URL_CONFIG, Type.STRING, "", url("Apicurio Registry"), Importance.LOW,
                    APICURIO_REGISTRY_URL_DOC)
            .define(SCHEMA_REGISTRY_USER_CONFIG, Type.STRING, "", Importance.HIGH, SCHEMA_REGISTRY_USER_DOC)
            .define(SCHEMA_REGISTRY_PASSWORD_FILE_CONFIG, Type.STRING, "", Importance.HIGH, SCHEMA_REGISTRY_PASSWORD_FILE_DOC)
            .define(SCHEMA_REGISTRY_PASSWORD_ENV_CONFIG, Type.STRING, "", Importance.MEDIUM, SCHEMA_REGISTRY_PASSWORD_ENV_DOC)
            .define(CONNECT_URL_CONFIG, Type.STRING, "", url("Kafka Connect"), Importance.HIGH, CONNECT_URL_DOC)
            .define(CONNECT_USER_CONFIG, Type.STRING, "", Importance.HIGH, CONNECT_USER_DOC)
            .define(CONNECT_PASSWORD_FILE_CONFIG, Type.STRING, "", Importance.HIGH, CONNECT_PASSWORD_FILE_DOC)
            .define(CONNECT_PASSWORD_ENV_CONFIG, Type.STRING, "", Importance.MEDIUM, CONNECT_PASSWORD_ENV_DOC)
            .define(CONNECT_CA_FILE_CONFIG, Type.STRING, "", Importance.MEDIUM, CONNECT_CA_FILE_DOC)
            .define(MYSQL_JDBC_URL_CONFIG, Type.STRING, "", url("MySQL"), Importance.HIGH, MYSQL_JDBC_URL_DOC)
            .define(MYSQL_USER_CONFIG, Type.STRING, "", Importance.HIGH, MYSQL_USER_DOC)
            .define(MYSQL_PASSWORD_FILE_CONFIG, Type.STRING, "", Importance.HIGH, MYSQL_PASSWORD_FILE_DOC)
            .define(MYSQL_PASSWORD_ENV_CONFIG, Type.STRING, "", Importance.MEDIUM, MYSQL_PASSWORD_ENV_DOC)
            .define(ELASTICSEARCH_URL_CONFIG, Type.STRING, "", url("Elasticsearch"), Importance.MEDIUM, ELASTICSEARCH_URL_DOC)
            .define(REDIS_URL_CONFIG, Type.STRING, "", url("Redis"), Importance.MEDIUM, REDIS_URL_DOC)
            .define(REDIS_USER_CONFIG, Type.STRING, "", Importance.LOW, REDIS_USER_DOC)
            .define(REDIS_PASSWORD_FILE_CONFIG, Type.STRING, "", Importance.MEDIUM, REDIS_PASSWORD_FILE_DOC)
            .define(REDIS_PASSWORD_ENV_CONFIG, Type.STRING, "", Importance.LOW, REDIS_PASSWORD_ENV_DOC)
            .define(SEAT_AVAILABILITY_URL_CONFIG, Type.STRING, "", url("seat-availability"), Importance.MEDIUM,
                    SEAT_AVAILABILITY_URL_DOC);

    /** Every service a profile can name, with its key: what {@link #endpoint} and {@link #require} take. */
    public enum Service {
        KAFKA("Kafka", BOOTSTRAP_SERVERS_CONFIG),
        SCHEMA_REGISTRY("the schema registry", SCHEMA_REGISTRY_URL_CONFIG),
        CONNECT("Kafka Connect", CONNECT_URL_CONFIG),
        MYSQL("MySQL", MYSQL_JDBC_URL_CONFIG),
        ELASTICSEARCH("Elasticsearch", ELASTICSEARCH_URL_CONFIG),
        REDIS("Redis", REDIS_URL_CONFIG),
        SEAT_AVAILABILITY("seat-availability", SEAT_AVAILABILITY_URL_CONFIG);

        private final String label;
        private final String key;

        Service(String label, String key) {
            this.label = label;
            this.key = key;
        }

        public String label() {
            return label;
        }

        public String key() {
            return key;
        }
    }

    /** Timeouts every Kafka client of the tools gets unless the profile sets its own, so that no call hangs. */
    private static final Map<String, Object> CLIENT_TIMEOUTS = Map.of(
            CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
            CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
            CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 3_000,
            CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 5_000);

    private final String source;

    private ClusterProfile(Map<String, String> values, String source) {
        super(CONFIG, values, false);
        this.source = source;
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(CONFIG.names());
        unknown.removeIf(key -> key.startsWith(KAFKA_PREFIX));
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown key" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown) + " in "
                    + source + "; the keys are " + String.join(", ", new TreeSet<>(CONFIG.names()))
                    + ", and Kafka client settings under " + KAFKA_PREFIX);
        }
        for (String[] pair : new String[][] {{MYSQL_PASSWORD_FILE_CONFIG, MYSQL_PASSWORD_ENV_CONFIG},
                {CONNECT_PASSWORD_FILE_CONFIG, CONNECT_PASSWORD_ENV_CONFIG},
                {REDIS_PASSWORD_FILE_CONFIG, REDIS_PASSWORD_ENV_CONFIG}}) {
            if (!getString(pair[0]).isEmpty() && !getString(pair[1]).isEmpty()) {
                throw new ConfigException(pair[0] + " and " + pair[1] + " are both set in " + source + ": keep one");
            }
        }
    }

    /** A profile from its values; {@code source} names where they came from in every error. */
    public static ClusterProfile of(Map<String, String> values, String source) {
        try {
            return new ClusterProfile(values, source);
        } catch (ConfigException e) {
            throw new ProfileException(e.getMessage().contains(source) ? e.getMessage() : source + ": " + e.getMessage(), e);
        }
    }

    public static ClusterProfile load(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new ProfileException("cluster profile " + absolute + " does not exist (or is not a file)");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(absolute)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ProfileException("cannot read cluster profile " + absolute + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name).trim()));
        return of(values, absolute.toString());
    }

    /** Where this profile came from: a file path, for messages. */
    public String source() {
        return source;
    }

    public boolean has(Service service) {
        return service == Service.KAFKA || !getString(service.key()).isEmpty();
    }

    /** The service's endpoint; a {@link ProfileException} naming the key when the profile lacks it. */
    public Endpoint endpoint(Service service) {
        require(service);
        return service == Service.KAFKA
                ? Endpoint.ofHostPorts(service.label(), service.key(), String.join(",", getList(BOOTSTRAP_SERVERS_CONFIG)))
                : Endpoint.ofUrl(service.label(), service.key(), getString(service.key()));
    }

    /** Fails, naming the key and the file, when the profile has no address for {@code service}. */
    public void require(Service... services) {
        List<String> missing = new ArrayList<>();
        for (Service service : services) {
            if (!has(service)) {
                missing.add(service.key() + " (" + service.label() + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new ProfileException(source + " has no " + String.join(", no ", missing) + ": add it to the profile");
        }
    }

    /** Fails within seconds, naming the first one that cannot be reached, unless every service given answers on TCP. */
    public void requireReachable(Service... services) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Service service : services) {
            endpoints.add(endpoint(service));
        }
        Reachability.require(endpoints, source);
    }

    public String bootstrapServers() {
        return String.join(",", getList(BOOTSTRAP_SERVERS_CONFIG));
    }

    /** Settings for any Kafka client: the bootstrap servers, the {@code kafka.} settings, and timeouts that end every call. */
    public Map<String, Object> kafkaClientConfig() {
        Map<String, Object> config = new HashMap<>(CLIENT_TIMEOUTS);
        config.putAll(originalsWithPrefix(KAFKA_PREFIX));
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    /** A Kafka client config with {@code overrides} on top of {@link #kafkaClientConfig()}. */
    public Map<String, Object> kafkaClientConfig(Map<String, Object> overrides) {
        Map<String, Object> config = kafkaClientConfig();
        config.putAll(overrides);
        return config;
    }

    public Admin admin() {
        return Admin.create(kafkaClientConfig(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "flightdeck-ops")));
    }

    public String schemaRegistryUrl() {
        require(Service.SCHEMA_REGISTRY);
        return stripSlash(getString(SCHEMA_REGISTRY_URL_CONFIG));
    }

    /** Apicurio's v2 API for its serdes: as configured, or derived from an Apicurio ccompat URL; empty when neither. */
    public String apicurioRegistryUrl() {
        String explicit = getString(APICURIO_REGISTRY_URL_CONFIG);
        if (!explicit.isEmpty()) {
            return stripSlash(explicit);
        }
        String confluentApi = schemaRegistryUrl();
        if (!confluentApi.matches(".*/apis/ccompat/v\\d+$")) {
            throw new ProfileException(source + " has no " + APICURIO_REGISTRY_URL_CONFIG + ", and " + SCHEMA_REGISTRY_URL_CONFIG
                    + " is not Apicurio's ccompat API to derive it from: add it");
        }
        return confluentApi.replaceFirst("/apis/ccompat/v\\d+$", "/apis/registry/v2");
    }

    public String connectUrl() {
        require(Service.CONNECT);
        return stripSlash(getString(CONNECT_URL_CONFIG));
    }

    public String elasticsearchUrl() {
        require(Service.ELASTICSEARCH);
        return stripSlash(getString(ELASTICSEARCH_URL_CONFIG));
    }

    public String redisUrl() {
        require(Service.REDIS);
        return getString(REDIS_URL_CONFIG);
    }

    public String seatAvailabilityUrl() {
        require(Service.SEAT_AVAILABILITY);
        return stripSlash(getString(SEAT_AVAILABILITY_URL_CONFIG));
    }

    public ConnectClient connect() {
        return new ConnectClient(connectUrl(), connectCredentials(), connectTls());
    }

    /** The TLS context of {@code connect.ca.file}, or null for the JVM's default authorities. */
    public SSLContext connectTls() {
        String file = getString(CONNECT_CA_FILE_CONFIG);
        try {
            return file.isEmpty() ? null : TrustedCertificates.fromPem(Path.of(file));
        } catch (IllegalArgumentException e) {
            throw new ProfileException(CONNECT_CA_FILE_CONFIG + " of " + source + ": " + e.getMessage());
        }
    }

    /** {@code connect.user} with its password, or null when the profile names no user (a worker without authentication). */
    public BasicCredentials connectCredentials() {
        return credentials(CONNECT_USER_CONFIG, CONNECT_PASSWORD_FILE_CONFIG, CONNECT_PASSWORD_ENV_CONFIG);
    }

    /** The registry client, authenticated as {@code schema.registry.user} when the profile names one. */
    public RegistryClient registry() {
        return new RegistryClient(schemaRegistryUrl(), registryCredentials());
    }

    /** {@code schema.registry.user} with its password, or null when the profile names no user (anonymous). */
    public BasicCredentials registryCredentials() {
        return credentials(SCHEMA_REGISTRY_USER_CONFIG, SCHEMA_REGISTRY_PASSWORD_FILE_CONFIG, SCHEMA_REGISTRY_PASSWORD_ENV_CONFIG);
    }

    /**
     * The registry user and its password file under the same keys a Streams app takes, for a tool
     * that starts an app against this profile's cluster; empty when the profile is anonymous.
     */
    /** The profile's {@code kafka.} settings as the Streams apps take them ({@code streams.X}), without the bootstrap servers. */
    public Map<String, String> streamsKafkaSettings() {
        Map<String, String> settings = new HashMap<>();
        originalsWithPrefix(KAFKA_PREFIX).forEach((key, value) -> settings.put("streams." + key, String.valueOf(value)));
        return settings;
    }

    public Map<String, String> registryUserSettings() {
        String user = getString(SCHEMA_REGISTRY_USER_CONFIG);
        if (user.isEmpty()) {
            return Map.of();
        }
        String file = getString(SCHEMA_REGISTRY_PASSWORD_FILE_CONFIG);
        if (file.isEmpty()) {
            throw new ProfileException(source + " gives " + SCHEMA_REGISTRY_USER_CONFIG + "'s password without "
                    + SCHEMA_REGISTRY_PASSWORD_FILE_CONFIG + ", which the Streams apps need: give it a file");
        }
        return Map.of(SCHEMA_REGISTRY_USER_CONFIG, user, SCHEMA_REGISTRY_PASSWORD_FILE_CONFIG, file);
    }

    private BasicCredentials credentials(String userKey, String fileKey, String envKey) {
        String user = getString(userKey);
        if (user.isEmpty()) {
            return null;
        }
        String password = secret(fileKey, envKey);
        if (password == null) {
            throw new ProfileException(source + " names " + userKey + " but has neither " + fileKey + " nor " + envKey
                    + ": give its password through one of them");
        }
        return new BasicCredentials(user, password);
    }

    /** The JDBC URL with connect and socket timeouts (unless it sets its own), so that a dead server fails a call instead of hanging it. */
    public String mysqlJdbcUrl() {
        require(Service.MYSQL);
        String url = getString(MYSQL_JDBC_URL_CONFIG);
        StringBuilder withTimeouts = new StringBuilder(url);
        char separator = url.contains("?") ? '&' : '?';
        if (!url.contains("connectTimeout=")) {
            withTimeouts.append(separator).append("connectTimeout=5000");
            separator = '&';
        }
        if (!url.contains("socketTimeout=")) {
            withTimeouts.append(separator).append("socketTimeout=120000");
        }
        return withTimeouts.toString();
    }

    public String mysqlUser() {
        String user = getString(MYSQL_USER_CONFIG);
        if (user.isEmpty()) {
            throw new ProfileException(source + " has no " + MYSQL_USER_CONFIG + " (the MySQL user to read with): add it");
        }
        return user;
    }

    /** The password from {@code mysql.password.file} (refused when others may read it) or {@code mysql.password.env}. */
    public String mysqlPassword() {
        String password = secret(MYSQL_PASSWORD_FILE_CONFIG, MYSQL_PASSWORD_ENV_CONFIG);
        if (password == null) {
            throw new ProfileException(source + " has neither " + MYSQL_PASSWORD_FILE_CONFIG + " nor " + MYSQL_PASSWORD_ENV_CONFIG
                    + ": give mysql.user's password through one of them");
        }
        return password;
    }

    /**
     * A pooled Redis client for {@code redis.url}, authenticated when the profile gives a password,
     * with 2 s connect and read timeouts so that a dead server fails a call instead of hanging it.
     */
    public JedisPooled openRedis() {
        URI uri = URI.create(redisUrl());
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(2000).socketTimeoutMillis(2000)
                .user(redisUser())
                .password(redisPassword())
                .ssl("rediss".equals(uri.getScheme()))
                .build();
        return new JedisPooled(new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), config);
    }

    /** {@code redis.user}, or null for Redis's default user. */
    public String redisUser() {
        String user = getString(REDIS_USER_CONFIG);
        return user.isEmpty() ? null : user;
    }

    /** The Redis password from {@code redis.password.file} or {@code redis.password.env}; null: Redis without AUTH. */
    public String redisPassword() {
        return secret(REDIS_PASSWORD_FILE_CONFIG, REDIS_PASSWORD_ENV_CONFIG);
    }

    /** A secret from its file key (refused when others may read the file) or its env key; null when neither is set. */
    private String secret(String fileKey, String envKey) {
        String file = getString(fileKey);
        String env = getString(envKey);
        if (!file.isEmpty()) {
            return Secrets.readPrivateFile(Path.of(file), fileKey + " of " + source);
        }
        if (!env.isEmpty()) {
            String value = System.getenv(env);
            if (value == null) {
                throw new ProfileException(envKey + " of " + source + " names the environment variable " + env
                        + ", which is not set");
            }
            return value;
        }
        return null;
    }

    public Connection openMysql() throws SQLException {
        return DriverManager.getConnection(mysqlJdbcUrl(), mysqlUser(), mysqlPassword());
    }

    /** The profile as a properties document (for {@code status --json} and tests); passwords are never in it. */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        originalsStrings().forEach(values::put);
        return values;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static ConfigDef.Validator hostPorts() {
        return (name, value) -> {
            try {
                @SuppressWarnings("unchecked")
                List<String> list = (List<String>) value;
                Endpoint.ofHostPorts("Kafka", name, String.join(",", list));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        };
    }

    private static ConfigDef.Validator url(String service) {
        return (name, value) -> {
            if (value == null || value.toString().isEmpty()) {
                return;
            }
            try {
                Endpoint.ofUrl(service, name, value.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        };
    }

    /** The permissions a secret file must not have: readable or writable by anyone but its owner. */
    static final Set<PosixFilePermission> NOT_PRIVATE = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
}
