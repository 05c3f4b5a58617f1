package dev.flightdeck.connect.alertmanager;

import dev.flightdeck.connect.sink.FlightSinkConfig;
import dev.flightdeck.connect.sink.SinkRetryOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** The Alertmanager sink's options, with their documentation (shown by Connect's validate endpoint). */
public final class AlertmanagerSinkConfig extends AbstractConfig {

    private static final String CONNECTION_GROUP = "Alertmanager";
    private static final String ALERTS_GROUP = "Alerts";

    public static final String URL_CONFIG = "alertmanager.url";
    private static final String URL_DOC = "Alertmanager to send the alerts to, http://host:port (with the path of "
            + "--web.route-prefix, if it has one). Several, comma-separated: every alert goes to each of them, as Prometheus "
            + "sends to every member of an Alertmanager cluster.";
    private static final String URL_DISPLAY = "Alertmanager URLs";

    public static final String REQUEST_TIMEOUT_CONFIG = "alertmanager.request.timeout.ms";
    private static final String REQUEST_TIMEOUT_DOC = "How long to wait for a connection to and the answer of one "
            + "request; a request that runs into it counts as a transient failure and is retried.";
    private static final String REQUEST_TIMEOUT_DISPLAY = "Request timeout (ms)";

    public static final String ALERT_NAME_CONFIG = "alert.name";
    private static final String ALERT_NAME_DOC = "The alertname label of every alert the sink sends, for Alertmanager's "
            + "routes, groups and inhibitions.";
    private static final String ALERT_NAME_DISPLAY = "Alert name";

    public static final String ALERT_HOLD_CONFIG = "alert.hold.ms";
    private static final String ALERT_HOLD_DOC = "How long an alert fires after its anomaly was detected (its endsAt is "
            + "detectedAt plus this), unless its anomaly clears before: Alertmanager resolves an alert once its endsAt has "
            + "passed, and most anomalies are never cleared explicitly. An anomaly older than this when it arrives (a replay) "
            + "is sent already resolved.";
    private static final String ALERT_HOLD_DISPLAY = "Alert hold (ms)";

    public static final ConfigDef CONFIG = SinkRetryOptions.defineRetryOptions(new ConfigDef()
            .define(URL_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new UrlsValidator(), Importance.HIGH,
                    URL_DOC, CONNECTION_GROUP, 1, Width.LONG, URL_DISPLAY)
            .define(REQUEST_TIMEOUT_CONFIG, Type.LONG, 10_000L, Range.between(1, 600_000), Importance.LOW,
                    REQUEST_TIMEOUT_DOC, CONNECTION_GROUP, 2, Width.SHORT, REQUEST_TIMEOUT_DISPLAY)
            .define(ALERT_NAME_CONFIG, Type.STRING, "FlightdeckAnomaly", ConfigDef.NonEmptyStringWithoutControlChars.nonEmptyStringWithoutControlChars(),
                    Importance.MEDIUM, ALERT_NAME_DOC, ALERTS_GROUP, 1, Width.MEDIUM, ALERT_NAME_DISPLAY)
            .define(ALERT_HOLD_CONFIG, Type.LONG, Duration.ofHours(1).toMillis(), Range.atLeast(1000), Importance.MEDIUM,
                    ALERT_HOLD_DOC, ALERTS_GROUP, 2, Width.SHORT, ALERT_HOLD_DISPLAY));

    public AlertmanagerSinkConfig(Map<?, ?> originals) {
        super(CONFIG, originals);
        String backoff = SinkRetryOptions.backoffProblem(getLong(FlightSinkConfig.RETRY_BACKOFF_INITIAL_CONFIG),
                getLong(FlightSinkConfig.RETRY_BACKOFF_MAX_CONFIG));
        if (backoff != null) {
            throw new ConfigException(backoff);
        }
    }

    List<URI> urls() {
        return getList(URL_CONFIG).stream().map(url -> URI.create(url.trim())).toList();
    }

    Duration requestTimeout() {
        return Duration.ofMillis(getLong(REQUEST_TIMEOUT_CONFIG));
    }

    String alertName() {
        return getString(ALERT_NAME_CONFIG);
    }

    Duration hold() {
        return Duration.ofMillis(getLong(ALERT_HOLD_CONFIG));
    }

    /** At least one entry, each http:// or https:// with a host, no credentials, query or fragment; messages name the key. */
    static final class UrlsValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (!(value instanceof List<?> urls) || urls.isEmpty()) {
                throw new ConfigException(name + " is required, e.g. http://127.0.0.1:9093");
            }
            for (Object entry : urls) {
                String text = entry.toString().trim();
                URI uri;
                try {
                    uri = URI.create(text);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name + " entry '" + text + "' is not a URL (expected http://host:port)");
                }
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new ConfigException(name + " entry '" + text + "' must look like http://host:port or https://host:port");
                }
                if (uri.getUserInfo() != null) {
                    throw new ConfigException(name + " has an entry with credentials in it: the sink sends no credentials, "
                            + "put an authenticating proxy's address there instead");
                }
                if (uri.getQuery() != null || uri.getFragment() != null) {
                    throw new ConfigException(name + " entry '" + text + "' may have a path (a route prefix) but no query or fragment");
                }
            }
        }

        @Override
        public String toString() {
            return "http://host:port[/prefix],...";
        }
    }
}
