package dev.flightdeck.ops.lagexporter;

import dev.flightdeck.clients.OptionsFile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The lag exporter's options, each defined once with its documentation, default and validator.
 * Where Kafka is and how to authenticate to it is not among them: that comes from the deployment's
 * cluster profile. An option the exporter does not know is refused by name, so that a misspelt
 * key cannot silently leave a default in place.
 */
public final class LagExporterConfig extends AbstractConfig {

    public static final String CLUSTER_PROFILE_CONFIG = "cluster.profile";
    private static final String CLUSTER_PROFILE_DOC = "The deployment's cluster profile (the file every ops command takes with "
            + "--config): Kafka's bootstrap servers and client settings, security included.";

    public static final String HTTP_LISTENER_CONFIG = "http.listener";
    private static final String HTTP_LISTENER_DOC = "host:port of /metrics, /health/live and /health/ready. Port 0: any free one.";

    public static final String POLL_INTERVAL_CONFIG = "poll.interval.ms";
    private static final String POLL_INTERVAL_DOC = "Time from the end of one reading of every group's lag to the start of the next. "
            + "A scrape never waits for Kafka: it gets the last values read.";

    public static final String GROUPS_INCLUDE_CONFIG = "groups.include";
    private static final String GROUPS_INCLUDE_DOC = "Regular expression a consumer group's id must match as a whole to be exported, "
            + "e.g. connect-.*|seat-availability.";

    public static final String REQUEST_TIMEOUT_CONFIG = "request.timeout.ms";
    private static final String REQUEST_TIMEOUT_DOC = "How long each call to Kafka in a poll may take, retries included (the Kafka "
            + "clients' request.timeout.ms and default.api.timeout.ms, over the profile's); a poll that runs out fails and is counted "
            + "in flightdeck_lag_exporter_failures_total.";

    static final ConfigDef DEFINITION = new ConfigDef()
            .define(CLUSTER_PROFILE_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    CLUSTER_PROFILE_DOC)
            .define(HTTP_LISTENER_CONFIG, Type.STRING, "127.0.0.1:9308", hostPort(), Importance.HIGH, HTTP_LISTENER_DOC)
            .define(POLL_INTERVAL_CONFIG, Type.LONG, 10_000L, Range.between(1_000, 3_600_000), Importance.MEDIUM, POLL_INTERVAL_DOC)
            .define(GROUPS_INCLUDE_CONFIG, Type.STRING, ".*", regex(), Importance.MEDIUM, GROUPS_INCLUDE_DOC)
            .define(REQUEST_TIMEOUT_CONFIG, Type.LONG, 15_000L, Range.between(1_000, 300_000), Importance.LOW, REQUEST_TIMEOUT_DOC);

    public LagExporterConfig(Map<?, ?> properties) {
        super(DEFINITION, OptionsFile.refuseUnknown(DEFINITION, properties), false);
    }

    /**
     * The options of the command line {@code CONFIG_FILE [key=value ...]}: the file's, with each
     * {@code key=value} after it taking precedence.
     */
    public static LagExporterConfig fromArgs(List<String> args) throws IOException {
        Path file = Path.of(args.getFirst()).toAbsolutePath();
        Properties properties = OptionsFile.load(args);
        properties.replaceAll((key, value) -> value.toString().strip());
        try {
            return new LagExporterConfig(properties);
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
    }

    public Path clusterProfile() {
        return Path.of(getString(CLUSTER_PROFILE_CONFIG));
    }

    public InetSocketAddress httpListener() {
        return parseHostPort(getString(HTTP_LISTENER_CONFIG));
    }

    public Duration pollInterval() {
        return Duration.ofMillis(getLong(POLL_INTERVAL_CONFIG));
    }

    public Pattern groupsInclude() {
        return Pattern.compile(getString(GROUPS_INCLUDE_CONFIG));
    }

    public Duration requestTimeout() {
        return Duration.ofMillis(getLong(REQUEST_TIMEOUT_CONFIG));
    }

    /** Every option with its default and documentation, for --help. */
    public static String help() {
        StringBuilder text = new StringBuilder("lag-exporter CONFIG_FILE [key=value ...]\n\nOptions:\n");
        DEFINITION.configKeys().values().stream().sorted((a, b) -> a.name.compareTo(b.name)).forEach(key -> text.append("  ")
                .append(key.name).append(" (default: ").append(key.hasDefault() ? key.defaultValue : "required").append(")\n      ")
                .append(key.documentation).append('\n'));
        return text.toString();
    }

    private static InetSocketAddress parseHostPort(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        int port;
        try {
            port = colon <= 0 ? -1 : Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("'" + hostPort + "' is not host:port, e.g. 127.0.0.1:9308");
        }
        return InetSocketAddress.createUnresolved(hostPort.substring(0, colon), port);
    }

    private static ConfigDef.Validator hostPort() {
        return (name, value) -> {
            try {
                parseHostPort(String.valueOf(value));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        };
    }

    private static ConfigDef.Validator regex() {
        return (name, value) -> {
            try {
                Pattern.compile(String.valueOf(value));
            } catch (PatternSyntaxException e) {
                throw new ConfigException(name, value, "not a regular expression: " + e.getDescription() + " at index " + e.getIndex());
            }
        };
    }
}
