package dev.flightdeck.streams.runtime;

import dev.flightdeck.clients.BasicCredentials;
import dev.flightdeck.clients.Secrets;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The options every Flightdeck Streams app has, defined once: an app's ConfigDef starts from
 * {@link #commonOptions} and adds its own, and its config class extends this one. Options
 * prefixed {@code streams.} go to Kafka Streams unchanged, after everything set here.
 */
public abstract class StreamsAppConfig extends AbstractConfig {

    /**
     * How long the group waits for a silent instance before its tasks move: a killed instance's
     * flights are unanswered for this long. Kafka's 45 s default is for clouds whose pauses
     * outlast 10 s; five heartbeats (3 s apart) still fit in 15 s.
     */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(15);

    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    public static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers, host:port,...";

    public static final String APPLICATION_ID_CONFIG = "application.id";
    public static final String APPLICATION_ID_DOC = "Kafka Streams application id: the consumer group, and the prefix of "
            + "internal topics. Instances with the same id share the work by partitions.";

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    public static final String SCHEMA_REGISTRY_URL_DOC = "Confluent Schema Registry API base URL, to read the writer schemas of "
            + "CDC records (Apicurio: http://host:port/apis/ccompat/v7).";

    public static final String APICURIO_REGISTRY_URL_CONFIG = "apicurio.registry.url";
    public static final String APICURIO_REGISTRY_URL_DOC = "Apicurio Registry v2 API base URL, used by the Avro serde of the "
            + "topics this app publishes or reads as Avro (written in the Confluent wire format).";

    public static final String SCHEMA_REGISTRY_USER_CONFIG = "schema.registry.user";
    public static final String SCHEMA_REGISTRY_USER_DOC = "User for the registry's Basic authentication, which registering "
            + "the schemas of the topics this app publishes needs; empty: anonymous.";

    public static final String SCHEMA_REGISTRY_PASSWORD_FILE_CONFIG = "schema.registry.password.file";
    public static final String SCHEMA_REGISTRY_PASSWORD_FILE_DOC = "A file holding only schema.registry.user's password "
            + "(mode 600; refused when others may read it).";

    public static final String STATE_DIR_CONFIG = "state.dir";
    public static final String STATE_DIR_DOC = "Folder of the RocksDB state stores. Keep it on local disk; after a crash the "
            + "stores are restored from their changelogs.";

    public static final String OPS_LISTENER_CONFIG = "ops.listener";
    public static final String OPS_LISTENER_DOC = "host:port of the ops endpoints: /health/live, /health/ready and /metrics. "
            + "A listener of their own, apart from any API, so that API load or slow API clients cannot starve a health "
            + "check: point liveness and readiness probes and Prometheus here. Port 0: any free one.";

    public static final String HTTP_LISTENER_CONFIG = "http.listener";
    public static final String HTTP_LISTENER_DOC = "host:port of the app's HTTP API. Port 0: any free one.";

    public static final String NUM_STANDBY_REPLICAS_CONFIG = "num.standby.replicas";
    public static final String NUM_STANDBY_REPLICAS_DOC = "Warm copies of each store on other instances, for fast fail-over.";

    public static final String NUM_STREAM_THREADS_CONFIG = "num.stream.threads";
    public static final String NUM_STREAM_THREADS_DOC = "Stream threads of this instance.";

    public static final String COMMIT_INTERVAL_MS_CONFIG = "commit.interval.ms";
    public static final String COMMIT_INTERVAL_MS_DOC = "How often transactions commit (exactly_once_v2): the upper bound a "
            + "consumer reading read_committed waits for what this app writes.";

    public static final String TOPIC_REPLICATION_FACTOR_CONFIG = "topic.replication.factor";
    public static final String TOPIC_REPLICATION_FACTOR_DOC = "Replicas of the topics this app creates (internal ones included); "
            + "-1: the broker's default. Production: 3, with min.insync.replicas=2 on the brokers.";

    public static final String TOPIC_DEAD_LETTERS_CONFIG = "topic.dead-letters";
    public static final String TOPIC_DEAD_LETTERS_DOC = "Records that cannot be processed, with the reason in "
            + "__streams.errors.* headers.";

    public static final String THREAD_REPLACEMENTS_MAX_CONFIG = "thread.replacements.max";
    public static final String THREAD_REPLACEMENTS_MAX_DOC = "A stream thread that dies of an uncaught exception is replaced "
            + "(its tasks resume from their last commit) at most this many times within thread.replacements.window.ms; "
            + "one more death shuts Kafka Streams down and the process exits with status 1, so that a failure that "
            + "recurs on every attempt is seen instead of retried for ever.";

    public static final String THREAD_REPLACEMENTS_WINDOW_MS_CONFIG = "thread.replacements.window.ms";
    public static final String THREAD_REPLACEMENTS_WINDOW_MS_DOC = "The window thread.replacements.max counts in.";

    /** Options given as {@code streams.X=...} go to Kafka Streams as {@code X}. */
    public static final String STREAMS_PREFIX = "streams.";

    /** How long the dead-letter topic keeps records: long enough to look at them after a holiday. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);

    protected StreamsAppConfig(ConfigDef definition, Map<?, ?> values) {
        super(definition, values, false);
    }

    /**
     * The options every app has, with this app's defaults: application id {@code app}, state in
     * {@code /var/lib/flightdeck/<app>}, dead letters to {@code <app>-dlq}, the ops endpoints on
     * 127.0.0.1:{@code opsPort}, transactions committed every 100 ms.
     */
    public static ConfigDef commonOptions(String app, int opsPort) {
        return commonOptions(app, opsPort, Duration.ofMillis(100));
    }

    /** The options every app has, as above, with this app's default commit interval. */
    public static ConfigDef commonOptions(String app, int opsPort, Duration commitInterval) {
        return new ConfigDef()
                .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, atLeastOne(), Importance.HIGH,
                        BOOTSTRAP_SERVERS_DOC)
                .define(APPLICATION_ID_CONFIG, Type.STRING, app, new ConfigDef.NonEmptyString(), Importance.HIGH, APPLICATION_ID_DOC)
                .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
                .define(APICURIO_REGISTRY_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, APICURIO_REGISTRY_URL_DOC)
                .define(SCHEMA_REGISTRY_USER_CONFIG, Type.STRING, "", Importance.HIGH, SCHEMA_REGISTRY_USER_DOC)
                .define(SCHEMA_REGISTRY_PASSWORD_FILE_CONFIG, Type.STRING, "", Importance.HIGH, SCHEMA_REGISTRY_PASSWORD_FILE_DOC)
                .define(STATE_DIR_CONFIG, Type.STRING, "/var/lib/flightdeck/" + app, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        STATE_DIR_DOC)
                .define(OPS_LISTENER_CONFIG, Type.STRING, "127.0.0.1:" + opsPort, HostAndPort.REQUIRED, Importance.HIGH,
                        OPS_LISTENER_DOC)
                .define(NUM_STANDBY_REPLICAS_CONFIG, Type.INT, 1, Range.atLeast(0), Importance.MEDIUM, NUM_STANDBY_REPLICAS_DOC)
                .define(NUM_STREAM_THREADS_CONFIG, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM, NUM_STREAM_THREADS_DOC)
                .define(COMMIT_INTERVAL_MS_CONFIG, Type.LONG, commitInterval.toMillis(), Range.atLeast(1), Importance.MEDIUM, COMMIT_INTERVAL_MS_DOC)
                .define(TOPIC_REPLICATION_FACTOR_CONFIG, Type.SHORT, (short) -1, replicasOrBrokerDefault(), Importance.MEDIUM,
                        TOPIC_REPLICATION_FACTOR_DOC)
                .define(THREAD_REPLACEMENTS_MAX_CONFIG, Type.INT, 3, Range.atLeast(0), Importance.LOW, THREAD_REPLACEMENTS_MAX_DOC)
                .define(THREAD_REPLACEMENTS_WINDOW_MS_CONFIG, Type.LONG, Duration.ofMinutes(5).toMillis(), Range.atLeast(1),
                        Importance.LOW, THREAD_REPLACEMENTS_WINDOW_MS_DOC)
                .define(TOPIC_DEAD_LETTERS_CONFIG, Type.STRING, app + "-dlq", new ConfigDef.NonEmptyString(), Importance.LOW,
                        TOPIC_DEAD_LETTERS_DOC);
    }

    /** Adds {@code http.listener}, the listener of the app's own API (default 127.0.0.1:{@code apiPort}), for an app that has one. */
    public static ConfigDef withApiListener(ConfigDef options, int apiPort) {
        return options.define(HTTP_LISTENER_CONFIG, Type.STRING, "127.0.0.1:" + apiPort, HostAndPort.REQUIRED, Importance.HIGH,
                HTTP_LISTENER_DOC);
    }

    public List<String> bootstrapServers() {
        return getList(BOOTSTRAP_SERVERS_CONFIG);
    }

    public String applicationId() {
        return getString(APPLICATION_ID_CONFIG);
    }

    public String schemaRegistryUrl() {
        return getString(SCHEMA_REGISTRY_URL_CONFIG);
    }

    public String apicurioRegistryUrl() {
        return getString(APICURIO_REGISTRY_URL_CONFIG);
    }

    /** {@code schema.registry.user} with the password from its file, or null when no user is set (anonymous). */
    public BasicCredentials registryCredentials() {
        return credentials(SCHEMA_REGISTRY_USER_CONFIG, SCHEMA_REGISTRY_PASSWORD_FILE_CONFIG);
    }

    /** The user under {@code userKey} with the password of the private file under {@code fileKey}; null when no user is set. */
    protected BasicCredentials credentials(String userKey, String fileKey) {
        String user = getString(userKey);
        if (user.isEmpty()) {
            return null;
        }
        String file = getString(fileKey);
        if (file.isEmpty()) {
            throw new ConfigException(fileKey, file, userKey + " is set, so its password file must be too");
        }
        return new BasicCredentials(user, Secrets.readPrivateFile(Path.of(file), fileKey));
    }

    /** The address the ops endpoints listen on (port 0: any free one). */
    public InetSocketAddress opsListener() {
        return HostAndPort.address(getString(OPS_LISTENER_CONFIG));
    }

    /** The address the app's API listens on, for an app that defines {@code http.listener} as its API ({@link #withApiListener}). */
    public InetSocketAddress apiListener() {
        return HostAndPort.address(getString(HTTP_LISTENER_CONFIG));
    }

    public String deadLetterTopic() {
        return getString(TOPIC_DEAD_LETTERS_CONFIG);
    }

    /** Replicas of the topics the app creates; empty: the broker's default. */
    public Optional<Short> replicationFactor() {
        short replicas = getShort(TOPIC_REPLICATION_FACTOR_CONFIG);
        return replicas < 0 ? Optional.empty() : Optional.of(replicas);
    }

    /** The handler of stream threads that die: replaced within the budget, then the client shuts down. */
    public ThreadReplacements threadReplacements() {
        return new ThreadReplacements(getInt(THREAD_REPLACEMENTS_MAX_CONFIG),
                Duration.ofMillis(getLong(THREAD_REPLACEMENTS_WINDOW_MS_CONFIG)));
    }

    /** Options for Kafka Streams given as {@code streams.X=...}, without the prefix. */
    public Map<String, Object> streamsOverrides() {
        return originalsWithPrefix(STREAMS_PREFIX);
    }

    /**
     * What every other Kafka client of the app (its admin calls, a plain producer) needs to reach
     * the cluster Kafka Streams reaches: the bootstrap servers and the connection's security, given
     * as {@code streams.security.*}, {@code streams.ssl.*}, {@code streams.sasl.*} and
     * {@code streams.config.providers*}.
     */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        streamsOverrides().forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("ssl.") || key.startsWith("sasl.") || key.startsWith("config.providers")) {
                config.put(key, value);
            }
        });
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", bootstrapServers()));
        return config;
    }

    /**
     * The Kafka Streams settings the app runs with, and its topology tests with them: exactly_once_v2,
     * and a record that cannot be read or processed goes to the dead-letter topic with the reason in
     * its headers while the rest flows on; an outage (the registry unreachable) fails the task
     * instead, which resumes from its last commit (see {@link DeadLetterBadRecords}). Then the
     * app's own settings, then the {@code streams.} overrides.
     */
    public final Properties streamsProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterBadRecords.Processing.class);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterBadRecords.Deserialization.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", bootstrapServers()));
        p.put(StreamsConfig.STATE_DIR_CONFIG, getString(STATE_DIR_CONFIG));
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, getInt(NUM_STANDBY_REPLICAS_CONFIG));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, getInt(NUM_STREAM_THREADS_CONFIG));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, getLong(COMMIT_INTERVAL_MS_CONFIG));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) getShort(TOPIC_REPLICATION_FACTOR_CONFIG));
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());
        p.putAll(appStreamsSettings());
        p.putAll(streamsOverrides());
        return p;
    }

    /** Kafka Streams settings that come from this app's own options; none by default. */
    protected Map<String, Object> appStreamsSettings() {
        return new HashMap<>();
    }

    private static ConfigDef.Validator atLeastOne() {
        return (name, value) -> {
            if (value instanceof List<?> list && (list.isEmpty() || list.stream().anyMatch(item -> item.toString().isBlank()))) {
                throw new ConfigException(name, value, "expected host:port,... with at least one broker");
            }
        };
    }

    private static ConfigDef.Validator replicasOrBrokerDefault() {
        return (name, value) -> {
            if (value instanceof Short replicas && (replicas == 0 || replicas < -1)) {
                throw new ConfigException(name, value, "expected at least 1 replica, or -1 for the broker's default");
            }
        };
    }

    /** A listener address, {@code host:port}; the port may be 0 (any free one). */
    public static final class HostAndPort implements ConfigDef.Validator {

        /** A host:port that must be given. */
        public static final HostAndPort REQUIRED = new HostAndPort(false);
        /** A host:port, or empty for "not set". */
        public static final HostAndPort OPTIONAL = new HostAndPort(true);

        private final boolean emptyAllowed;

        private HostAndPort(boolean emptyAllowed) {
            this.emptyAllowed = emptyAllowed;
        }

        @Override
        public void ensureValid(String name, Object value) {
            String text = value == null ? "" : value.toString().trim();
            if (text.isEmpty() && emptyAllowed) {
                return;
            }
            try {
                parse(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, "expected host:port, e.g. 127.0.0.1:8090 (" + e.getMessage() + ")");
            }
        }

        @Override
        public String toString() {
            return emptyAllowed ? "host:port, or empty" : "host:port";
        }

        /** The address to listen on for a valid {@code host:port}. */
        public static InetSocketAddress address(String text) {
            InetSocketAddress listener = parse(text.trim());
            return new InetSocketAddress(listener.getHostString(), listener.getPort());
        }

        /** The unresolved address of {@code host:port}; IllegalArgumentException saying what is wrong. */
        public static InetSocketAddress parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("no port");
            }
            if (colon == 0) {
                throw new IllegalArgumentException("no host");
            }
            int port;
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port '" + text.substring(colon + 1) + "' is not a number");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
            }
            return InetSocketAddress.createUnresolved(text.substring(0, colon), port);
        }
    }
}
