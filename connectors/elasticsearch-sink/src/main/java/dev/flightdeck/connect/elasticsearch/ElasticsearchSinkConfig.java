package dev.flightdeck.connect.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.TransportUtils;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import co.elastic.clients.transport.rest5_client.low_level.Rest5ClientBuilder;
import dev.flightdeck.connect.sink.FlightSinkConfig;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The Elasticsearch sink's options, with their documentation (shown by Connect's validate endpoint). */
public final class ElasticsearchSinkConfig extends FlightSinkConfig {

    private static final String CONNECTION_GROUP = "Connection";
    private static final String BULK_GROUP = "Bulk requests";

    public static final String URLS_CONFIG = "elasticsearch.urls";
    private static final String URLS_DOC = "Elasticsearch nodes to write to, comma-separated, each http://host:port or "
            + "https://host:port. Credentials go into elasticsearch.username and elasticsearch.password, not the URL.";
    private static final String URLS_DISPLAY = "Elasticsearch URLs";

    public static final String USERNAME_CONFIG = "elasticsearch.username";
    private static final String USERNAME_DOC = "User for HTTP basic authentication; set together with elasticsearch.password.";
    private static final String USERNAME_DISPLAY = "Username";

    public static final String PASSWORD_CONFIG = "elasticsearch.password";
    private static final String PASSWORD_DOC = "Password for HTTP basic authentication; set together with elasticsearch.username.";
    private static final String PASSWORD_DISPLAY = "Password";

    public static final String CA_FILE_CONFIG = "elasticsearch.ca.file";
    private static final String CA_FILE_DOC = "PEM file of the certificate authority that signed the nodes' HTTPS certificates "
            + "(Elasticsearch's http_ca.crt), trusted instead of the JVM's public ones; host names are verified. Empty: the "
            + "JVM's trust store.";
    private static final String CA_FILE_DISPLAY = "CA certificate file";

    public static final String CONNECTION_TIMEOUT_CONFIG = "connection.timeout.ms";
    private static final String CONNECTION_TIMEOUT_DOC = "How long to wait for a TCP connection to a node; a node that "
            + "does not answer in time counts as a transient failure and is retried.";
    private static final String CONNECTION_TIMEOUT_DISPLAY = "Connection timeout (ms)";

    public static final String REQUEST_TIMEOUT_CONFIG = "request.timeout.ms";
    private static final String REQUEST_TIMEOUT_DOC = "How long to wait for the answer to one request (a bulk request "
            + "or an index setup call) before it counts as a transient failure.";
    private static final String REQUEST_TIMEOUT_DISPLAY = "Request timeout (ms)";

    public static final String INDEX_ALIAS_CONFIG = "index.alias";
    private static final String INDEX_ALIAS_DOC = "Alias the sink writes to and searches read from. Behind it a single "
            + "index (index.name), so a new mapping is a new index and a move of the alias, without downtime.";
    private static final String INDEX_ALIAS_DISPLAY = "Index alias";

    public static final String INDEX_NAME_CONFIG = "index.name";
    private static final String INDEX_NAME_DOC = "Index created behind index.alias when the alias is missing and "
            + "index.setup is CREATE_IF_MISSING.";
    private static final String INDEX_NAME_DISPLAY = "Index name";

    public static final String INDEX_SETUP_CONFIG = "index.setup";
    private static final String INDEX_SETUP_DOC = "What a task does at start when index.alias is missing: "
            + "CREATE_IF_MISSING puts the index template, creates index.name and points the alias at it (safe when "
            + "tasks start together); REQUIRE_EXISTING fails the task, for clusters whose indices are managed elsewhere.";
    private static final String INDEX_SETUP_DISPLAY = "Index setup";

    public static final String GC_DELETES_CONFIG = "index.gc.deletes";
    private static final String GC_DELETES_DOC = "index.gc_deletes of the index the sink creates: how long Elasticsearch "
            + "keeps the version of a deleted flight, so that an older write redelivered later is refused instead of "
            + "bringing the flight back. Longer than any replay you expect, e.g. 7d, 12h.";
    private static final String GC_DELETES_DISPLAY = "Deleted version kept for";

    public static final String BULK_MAX_ACTIONS_CONFIG = "bulk.max.actions";
    private static final String BULK_MAX_ACTIONS_DOC = "Most flights in one bulk request; a larger batch is split.";
    private static final String BULK_MAX_ACTIONS_DISPLAY = "Actions per bulk request";

    public static final String BULK_MAX_BYTES_CONFIG = "bulk.max.bytes";
    private static final String BULK_MAX_BYTES_DOC = "Most bytes (actions and documents) in one bulk request; a larger "
            + "batch is split. A single flight larger than this is sent alone.";
    private static final String BULK_MAX_BYTES_DISPLAY = "Bytes per bulk request";

    /** What a task does at start about the index behind the alias. */
    public enum IndexSetup {
        /** Put the index template, create the index with the alias if the alias is missing; idempotent. */
        CREATE_IF_MISSING,
        /** Only check that the alias exists: the indices are managed outside the sink. */
        REQUIRE_EXISTING
    }

    /** Lower case, no characters Elasticsearch forbids in index and alias names. */
    private static final Pattern INDEX_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,254}");
    private static final Pattern TIME_VALUE = Pattern.compile("[0-9]+(d|h|m|s|ms)");

    public static final ConfigDef CONFIG = FlightSinkConfig.define(new ConfigDef())
            .define(URLS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new UrlsValidator(), Importance.HIGH,
                    URLS_DOC, CONNECTION_GROUP, 1, Width.LONG, URLS_DISPLAY)
            .define(USERNAME_CONFIG, Type.STRING, null, Importance.HIGH,
                    USERNAME_DOC, CONNECTION_GROUP, 2, Width.MEDIUM, USERNAME_DISPLAY)
            .define(PASSWORD_CONFIG, Type.PASSWORD, null, Importance.HIGH,
                    PASSWORD_DOC, CONNECTION_GROUP, 3, Width.MEDIUM, PASSWORD_DISPLAY)
            .define(CA_FILE_CONFIG, Type.STRING, "", new CaFileValidator(), Importance.MEDIUM,
                    CA_FILE_DOC, CONNECTION_GROUP, 6, Width.LONG, CA_FILE_DISPLAY)
            .define(CONNECTION_TIMEOUT_CONFIG, Type.LONG, 5_000L, Range.atLeast(1), Importance.LOW,
                    CONNECTION_TIMEOUT_DOC, CONNECTION_GROUP, 4, Width.SHORT, CONNECTION_TIMEOUT_DISPLAY)
            .define(REQUEST_TIMEOUT_CONFIG, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
                    REQUEST_TIMEOUT_DOC, CONNECTION_GROUP, 5, Width.SHORT, REQUEST_TIMEOUT_DISPLAY)
            .define(INDEX_ALIAS_CONFIG, Type.STRING, "flights", new IndexNameValidator(), Importance.MEDIUM,
                    INDEX_ALIAS_DOC, MODEL_GROUP, 3, Width.SHORT, INDEX_ALIAS_DISPLAY)
            .define(INDEX_NAME_CONFIG, Type.STRING, "flights-v2", new IndexNameValidator(), Importance.MEDIUM,
                    INDEX_NAME_DOC, MODEL_GROUP, 4, Width.SHORT, INDEX_NAME_DISPLAY)
            .define(INDEX_SETUP_CONFIG, Type.STRING, IndexSetup.CREATE_IF_MISSING.name(),
                    ConfigDef.ValidString.in(Arrays.stream(IndexSetup.values()).map(Enum::name).toArray(String[]::new)),
                    Importance.MEDIUM, INDEX_SETUP_DOC, MODEL_GROUP, 5, Width.MEDIUM, INDEX_SETUP_DISPLAY)
            .define(GC_DELETES_CONFIG, Type.STRING, "7d", new TimeValueValidator(), Importance.LOW,
                    GC_DELETES_DOC, MODEL_GROUP, 6, Width.SHORT, GC_DELETES_DISPLAY)
            .define(BULK_MAX_ACTIONS_CONFIG, Type.INT, 1000, Range.between(1, 100_000), Importance.LOW,
                    BULK_MAX_ACTIONS_DOC, BULK_GROUP, 1, Width.SHORT, BULK_MAX_ACTIONS_DISPLAY)
            .define(BULK_MAX_BYTES_CONFIG, Type.LONG, 5L * 1024 * 1024, Range.atLeast(1024), Importance.LOW,
                    BULK_MAX_BYTES_DOC, BULK_GROUP, 2, Width.SHORT, BULK_MAX_BYTES_DISPLAY);

    public ElasticsearchSinkConfig(Map<?, ?> originals) {
        super(CONFIG, originals);
        String credentials = credentialsProblem(getString(USERNAME_CONFIG), getPassword(PASSWORD_CONFIG));
        if (credentials != null) {
            throw new ConfigException(credentials);
        }
        if (indexAlias().equals(indexName())) {
            throw new ConfigException(INDEX_ALIAS_CONFIG + " and " + INDEX_NAME_CONFIG + " are both '" + indexName()
                    + "': an alias cannot have the name of an index; e.g. alias flights, index flights-v2");
        }
    }

    /**
     * Why the credentials cannot be used, or null when they can: basic auth takes both or neither.
     * Also called by {@link ElasticsearchSinkConnector#validateAcrossKeys}, as Connect checks one key at a time.
     */
    static String credentialsProblem(String username, Password password) {
        boolean hasUser = username != null && !username.isEmpty();
        boolean hasPassword = password != null && password.value() != null && !password.value().isEmpty();
        if (hasUser == hasPassword) {
            return null;
        }
        return (hasUser ? USERNAME_CONFIG : PASSWORD_CONFIG) + " is set but " + (hasUser ? PASSWORD_CONFIG : USERNAME_CONFIG)
                + " is not: set both " + USERNAME_CONFIG + " and " + PASSWORD_CONFIG + " for basic authentication, or neither";
    }

    List<URI> urls() {
        return getList(URLS_CONFIG).stream().map(url -> URI.create(url.trim())).toList();
    }

    String indexAlias() {
        return getString(INDEX_ALIAS_CONFIG);
    }

    String indexName() {
        return getString(INDEX_NAME_CONFIG);
    }

    IndexSetup indexSetup() {
        return IndexSetup.valueOf(getString(INDEX_SETUP_CONFIG));
    }

    String gcDeletes() {
        return getString(GC_DELETES_CONFIG);
    }

    FlightIndex.BulkLimits bulkLimits() {
        return new FlightIndex.BulkLimits(getInt(BULK_MAX_ACTIONS_CONFIG), getLong(BULK_MAX_BYTES_CONFIG));
    }

    Duration connectionTimeout() {
        return Duration.ofMillis(getLong(CONNECTION_TIMEOUT_CONFIG));
    }

    Duration requestTimeout() {
        return Duration.ofMillis(getLong(REQUEST_TIMEOUT_CONFIG));
    }

    /** A client over the Rest5Client transport, with basic auth when both credentials are set, trusting the CA file if given. */
    ElasticsearchClient client() {
        Timeout connect = Timeout.ofMilliseconds(connectionTimeout().toMillis());
        Timeout request = Timeout.ofMilliseconds(requestTimeout().toMillis());
        Rest5ClientBuilder builder = Rest5Client.builder(urls())
                .setConnectionConfigCallback(c -> c.setConnectTimeout(connect).setSocketTimeout(request))
                .setRequestConfigCallback(r -> r.setConnectionRequestTimeout(connect).setResponseTimeout(request));
        String username = getString(USERNAME_CONFIG);
        if (username != null && !username.isEmpty()) {
            String token = Base64.getEncoder().encodeToString((username + ":" + getPassword(PASSWORD_CONFIG).value())
                    .getBytes(StandardCharsets.UTF_8));
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "Basic " + token)});
        }
        String caFile = getString(CA_FILE_CONFIG);
        if (!caFile.isEmpty()) {
            try {
                builder.setSSLContext(trusting(caFile));
            } catch (IOException e) {
                throw new ConfigException(CA_FILE_CONFIG, caFile, "cannot be read: " + e.getMessage());
            }
        }
        return new ElasticsearchClient(new Rest5ClientTransport(builder.build(), new JacksonJsonpMapper()));
    }

    private static SSLContext trusting(String caFile) throws IOException {
        return TransportUtils.sslContextFromHttpCaCrt(new File(caFile));
    }

    /** Empty, or a readable PEM file of certificates: named when it is not, before any task starts. */
    static final class CaFileValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String file = value == null ? "" : value.toString();
            if (file.isEmpty()) {
                return;
            }
            try {
                trusting(file);
            } catch (IOException | RuntimeException e) {
                throw new ConfigException(name, file, "not a readable PEM file of CA certificates: " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "empty, or a PEM file";
        }
    }

    /** Each entry http:// or https:// with host and port; the message names the key and never echoes credentials. */
    static final class UrlsValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (!(value instanceof List<?> urls) || urls.isEmpty()) {
                throw new ConfigException(name + " needs at least one URL, e.g. http://127.0.0.1:9200");
            }
            for (int i = 0; i < urls.size(); i++) {
                String entry = name + " entry " + (i + 1);
                URI uri;
                try {
                    uri = URI.create(urls.get(i).toString().trim());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(entry + " is not a URL (expected http://host:port or https://host:port)");
                }
                if (uri.getRawUserInfo() != null) {
                    throw new ConfigException(entry + " holds credentials: put them into " + USERNAME_CONFIG + " and "
                            + PASSWORD_CONFIG + " and leave the URL as scheme://host:port");
                }
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() == -1) {
                    throw new ConfigException(entry + " must look like http://host:port or https://host:port, scheme '"
                            + uri.getScheme() + "', host '" + uri.getHost() + "', port " + (uri.getPort() == -1 ? "missing" : uri.getPort()));
                }
            }
        }

        @Override
        public String toString() {
            return "http://host:port or https://host:port, comma-separated";
        }
    }

    /** Names Elasticsearch accepts for an index or alias. */
    static final class IndexNameValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || !INDEX_NAME.matcher(value.toString()).matches()) {
                throw new ConfigException(name, value, "must be lower case letters, digits, '.', '_' or '-', "
                        + "starting with a letter or digit, e.g. flights or flights-v2");
            }
        }

        @Override
        public String toString() {
            return "lower case index or alias name, e.g. flights-v2";
        }
    }

    /** An Elasticsearch time value such as 7d or 12h. */
    static final class TimeValueValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || !TIME_VALUE.matcher(value.toString()).matches()) {
                throw new ConfigException(name, value, "must be a time value such as 7d, 12h, 30m, 60s or 500ms");
            }
        }

        @Override
        public String toString() {
            return "time value, e.g. 7d";
        }
    }
}
