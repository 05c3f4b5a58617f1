package dev.flightdeck.anomalies;

import dev.flightdeck.clients.BasicCredentials;
import dev.flightdeck.clients.Secrets;
import dev.flightdeck.clients.TrustedCertificates;
import dev.flightdeck.streams.runtime.StreamsAppConfig;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * anomaly-detector's options, with their documentation ({@code --help} prints them): the options
 * every app has ({@link StreamsAppConfig}) and the detectors' limits.
 */
public final class AnomalyDetectorConfig extends StreamsAppConfig {

    public static final String OVERBOOKING_ALLOWED_PERCENT_CONFIG = "overbooking.allowed.percent";
    public static final String OVERBOOKING_CONFIRM_MS_CONFIG = "overbooking.confirm.ms";
    public static final String FARE_JUMP_PERCENT_CONFIG = "fare.jump.percent";
    public static final String FARE_WINDOW_MS_CONFIG = "fare.window.ms";
    public static final String FARE_FLOOR_CONFIG = "fare.floor";
    public static final String SPIKE_WINDOW_MS_CONFIG = "spike.window.ms";
    public static final String SPIKE_GRACE_MS_CONFIG = "spike.grace.ms";
    public static final String SPIKE_MIN_COUNT_CONFIG = "spike.min.count";
    public static final String SPIKE_Z_CONFIG = "spike.z";
    public static final String SPIKE_ALPHA_CONFIG = "spike.ewma.alpha";
    public static final String ROUTE_SPIKE_MIN_COUNT_CONFIG = "spike.route.min.count";
    public static final String ROUTE_SPIKE_Z_CONFIG = "spike.route.z";
    public static final String CANCELLATION_MIN_COUNT_CONFIG = "cancellation.burst.min.count";
    public static final String CANCELLATION_Z_CONFIG = "cancellation.burst.z";
    public static final String FRESHNESS_MAX_LAG_MS_CONFIG = "freshness.max.lag.ms";

    public static final String DEAD_LETTERS_TOPICS_CONFIG = "dead-letters.topics";
    public static final String DEAD_LETTERS_WINDOW_MS_CONFIG = "dead-letters.window.ms";

    public static final String CONNECT_URL_CONFIG = "connect.url";
    public static final String CONNECT_POLL_MS_CONFIG = "connect.poll.ms";
    public static final String CONNECT_USER_CONFIG = "connect.user";
    public static final String CONNECT_PASSWORD_FILE_CONFIG = "connect.password.file";
    public static final String CONNECT_CA_FILE_CONFIG = "connect.ca.file";

    public static final String TOPIC_BOOKINGS_CONFIG = "topic.bookings";
    public static final String TOPIC_FLIGHTS_CONFIG = "topic.flights";
    public static final String TOPIC_SCHEMA_CHANGES_CONFIG = "topic.schema-changes";
    public static final String TOPIC_FLIGHT_AVAILABILITY_CONFIG = "topic.flight-availability";
    public static final String TOPIC_ANOMALIES_CONFIG = "topic.anomalies";

    /**
     * This app has no API: its one listener is the ops listener, which was called http.listener
     * before the ops endpoints had a listener of their own. Both names are read; ops.listener wins.
     */
    private static final String FORMER_OPS_LISTENER_DOC = "Former name of ops.listener (this app has no API, so its one "
            + "listener serves /health/live, /health/ready and /metrics); read when ops.listener is not given.";

    /**
     * Alerts are wanted within seconds, not the tenths of a second the read models need: a commit a second cuts the
     * transactions across the detector's repartition topics, changelogs and alerts tenfold.
     */
    static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

    public static final ConfigDef CONFIG = commonOptions("anomaly-detector", 8091, COMMIT_INTERVAL)
            .define(HTTP_LISTENER_CONFIG, Type.STRING, "", HostAndPort.OPTIONAL, Importance.LOW, FORMER_OPS_LISTENER_DOC)
            .define(OVERBOOKING_ALLOWED_PERCENT_CONFIG, Type.DOUBLE, 5.0, Range.between(0.0, 100.0), Importance.MEDIUM,
                    "Held plus confirmed seats of a cabin may exceed its capacity by this percentage, rounded up to a whole seat "
                            + "(overbooking on purpose), before a critical OVERBOOKING alert.")
            .define(OVERBOOKING_CONFIRM_MS_CONFIG, Type.LONG, Duration.ofSeconds(5).toMillis(), Range.atLeast(0), Importance.MEDIUM,
                    "A cabin must stay over its allowance this long before it alerts. Bookings of one flight reach seat-availability "
                            + "from several partitions, so a new hold can be counted a moment before the expiry that freed its seat; "
                            + "such a blip clears within milliseconds, a real overbooking stays. 0 alerts at once.")
            .define(FARE_JUMP_PERCENT_CONFIG, Type.DOUBLE, 50.0, Range.atLeast(1.0), Importance.MEDIUM,
                    "A base fare more than this percentage above the fare its window started with raises a FARE_ANOMALY warning.")
            .define(FARE_WINDOW_MS_CONFIG, Type.LONG, Duration.ofHours(1).toMillis(), Range.atLeast(1000), Importance.MEDIUM,
                    "The window (of source commit time) fare jumps are measured in; at most one fare alert per flight and window.")
            .define(FARE_FLOOR_CONFIG, Type.STRING, "10.00", decimal(), Importance.MEDIUM,
                    "A base fare below this raises a FARE_ANOMALY warning (a typo such as 9.90 for 99.00).")
            .define(SPIKE_WINDOW_MS_CONFIG, Type.LONG, Duration.ofMinutes(1).toMillis(), Range.atLeast(1000), Importance.MEDIUM,
                    "New bookings (per flight and per route) and cancellations (per route) are counted in windows this long, "
                            + "by source commit time.")
            .define(SPIKE_GRACE_MS_CONFIG, Type.LONG, Duration.ofSeconds(10).toMillis(), Range.atLeast(0), Importance.MEDIUM,
                    "How late a change may arrive and still count in its window; a window's verdict comes after it.")
            .define(SPIKE_MIN_COUNT_CONFIG, Type.INT, 20, Range.atLeast(1), Importance.MEDIUM,
                    "A flight's window with fewer new bookings never raises BOOKING_SPIKE, whatever the flight's baseline.")
            .define(SPIKE_Z_CONFIG, Type.DOUBLE, 4.0, Range.atLeast(0.5), Importance.MEDIUM,
                    "A flight's window this many standard deviations above its exponentially weighted mean raises BOOKING_SPIKE.")
            .define(ROUTE_SPIKE_MIN_COUNT_CONFIG, Type.INT, 50, Range.atLeast(1), Importance.MEDIUM,
                    "A route's window (all its flights) with fewer new bookings never raises BOOKING_SPIKE.")
            .define(ROUTE_SPIKE_Z_CONFIG, Type.DOUBLE, 4.0, Range.atLeast(0.5), Importance.MEDIUM,
                    "A route's window this many standard deviations above its mean raises BOOKING_SPIKE.")
            .define(CANCELLATION_MIN_COUNT_CONFIG, Type.INT, 20, Range.atLeast(1), Importance.MEDIUM,
                    "A route's window with fewer cancellations never raises CANCELLATION_BURST. Cancellations arrive at random: "
                            + "a route that usually sees 2 a minute sees 10 in one minute about once in 10,000, 20 about once in 10^12.")
            .define(CANCELLATION_Z_CONFIG, Type.DOUBLE, 4.0, Range.atLeast(0.5), Importance.MEDIUM,
                    "A route's window of cancellations this many standard deviations above its mean raises CANCELLATION_BURST.")
            .define(SPIKE_ALPHA_CONFIG, Type.DOUBLE, 0.1, Range.between(0.001, 0.999), Importance.LOW,
                    "Weight of the newest window in each flight's and route's mean and variance (smaller: a longer memory).")
            .define(FRESHNESS_MAX_LAG_MS_CONFIG, Type.LONG, Duration.ofSeconds(30).toMillis(), Range.atLeast(1000), Importance.MEDIUM,
                    "A change of a captured table reaching the detector this long after its commit in MySQL raises a FRESHNESS "
                            + "warning (once; again only after the lag fell under half of this).")
            .define(DEAD_LETTERS_TOPICS_CONFIG, Type.LIST, "seat-availability-dlq,anomaly-detector-dlq,redis-sink-flights-dlq,"
                            + "elasticsearch-sink-flights-dlq", Importance.MEDIUM,
                    "The dead-letter topics of the Streams apps and the sink connectors. A record set aside in one raises a "
                            + "DEAD_LETTERS warning with its reason (once per topic and window). A topic that does not exist yet is "
                            + "picked up once it is created (within a minute). Empty: not watched.")
            .define(DEAD_LETTERS_WINDOW_MS_CONFIG, Type.LONG, Duration.ofMinutes(10).toMillis(), Range.atLeast(1000), Importance.LOW,
                    "A dead-letter topic raises at most one DEAD_LETTERS warning per window this long (of the dead letters' "
                            + "timestamps); the alert's id is the topic and the window.")
            .define(CONNECT_URL_CONFIG, Type.STRING, "", Importance.MEDIUM,
                    "Kafka Connect's REST URL. When set, a failed connector or task raises a critical CONNECTOR_FAILED alert "
                            + "(with the DDL that caused it when the registry refused a table's new schema). Empty: not watched.")
            .define(CONNECT_POLL_MS_CONFIG, Type.LONG, 2000L, Range.atLeast(100), Importance.LOW,
                    "How often the connectors' and tasks' states are read from Kafka Connect.")
            .define(CONNECT_USER_CONFIG, Type.STRING, "", Importance.MEDIUM,
                    "User for Connect's REST API when it asks for Basic authentication. Empty: send no credentials.")
            .define(CONNECT_PASSWORD_FILE_CONFIG, Type.STRING, "", Importance.MEDIUM,
                    "A file holding only connect.user's password, readable by its owner only.")
            .define(CONNECT_CA_FILE_CONFIG, Type.STRING, "", Importance.MEDIUM,
                    "A PEM file of the certificate authorities to trust for an https:// connect.url. Empty: the JVM's default ones.")
            .define(TOPIC_BOOKINGS_CONFIG, Type.STRING, "cdc.flights.booking", Importance.LOW, "Debezium topic of the booking table.")
            .define(TOPIC_FLIGHTS_CONFIG, Type.STRING, "cdc.flights.flight", Importance.LOW, "Debezium topic of the flight table.")
            .define(TOPIC_SCHEMA_CHANGES_CONFIG, Type.STRING, "cdc", Importance.LOW, "Debezium's schema-change (DDL) topic.")
            .define(TOPIC_FLIGHT_AVAILABILITY_CONFIG, Type.STRING, "flight-availability", Importance.LOW,
                    "seat-availability's published availability (Avro, key = flight id).")
            .define(TOPIC_ANOMALIES_CONFIG, Type.STRING, "anomalies", Importance.LOW,
                    "Where alerts go: Avro (schema anomaly.avsc), key = the alert's stable id.");

    public AnomalyDetectorConfig(Map<?, ?> values) {
        super(CONFIG, values);
    }

    /** ops.listener, or http.listener when only that is given. */
    @Override
    public InetSocketAddress opsListener() {
        String former = getString(HTTP_LISTENER_CONFIG);
        return originals().containsKey(OPS_LISTENER_CONFIG) || former.isBlank() ? super.opsListener() : HostAndPort.address(former);
    }

    public AnomalyTopology.Topics topics() {
        return new AnomalyTopology.Topics(getString(TOPIC_BOOKINGS_CONFIG), getString(TOPIC_FLIGHTS_CONFIG),
                getString(TOPIC_SCHEMA_CHANGES_CONFIG), getString(TOPIC_FLIGHT_AVAILABILITY_CONFIG), getString(TOPIC_ANOMALIES_CONFIG),
                getList(DEAD_LETTERS_TOPICS_CONFIG).stream().map(String::trim).filter(topic -> !topic.isEmpty()).toList());
    }

    public Thresholds thresholds() {
        return new Thresholds(getDouble(OVERBOOKING_ALLOWED_PERCENT_CONFIG), Duration.ofMillis(getLong(OVERBOOKING_CONFIRM_MS_CONFIG)),
                getDouble(FARE_JUMP_PERCENT_CONFIG),
                Duration.ofMillis(getLong(FARE_WINDOW_MS_CONFIG)), new BigDecimal(getString(FARE_FLOOR_CONFIG)),
                new Thresholds.ActivityWindows(Duration.ofMillis(getLong(SPIKE_WINDOW_MS_CONFIG)),
                        Duration.ofMillis(getLong(SPIKE_GRACE_MS_CONFIG)), getDouble(SPIKE_ALPHA_CONFIG)),
                new Thresholds.SpikeRule(getInt(SPIKE_MIN_COUNT_CONFIG), getDouble(SPIKE_Z_CONFIG)),
                new Thresholds.SpikeRule(getInt(ROUTE_SPIKE_MIN_COUNT_CONFIG), getDouble(ROUTE_SPIKE_Z_CONFIG)),
                new Thresholds.SpikeRule(getInt(CANCELLATION_MIN_COUNT_CONFIG), getDouble(CANCELLATION_Z_CONFIG)),
                Duration.ofMillis(getLong(FRESHNESS_MAX_LAG_MS_CONFIG)), Duration.ofMillis(getLong(DEAD_LETTERS_WINDOW_MS_CONFIG)));
    }

    /**
     * The main consumer looks for newly created dead-letter topics this often: the metadata refresh
     * that finds the topics a pattern subscription matches (Kafka's default is 5 minutes).
     */
    @Override
    protected Map<String, Object> appStreamsSettings() {
        return Map.of(StreamsConfig.mainConsumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG), (int) Duration.ofMinutes(1).toMillis());
    }

    /** Kafka Connect's REST URL; empty: connectors are not watched. */
    public String connectUrl() {
        return getString(CONNECT_URL_CONFIG);
    }

    /** {@code connect.user} and its password, or null when no user is set. */
    public BasicCredentials connectCredentials() {
        return credentials(CONNECT_USER_CONFIG, CONNECT_PASSWORD_FILE_CONFIG);
    }

    /** The TLS context trusting {@code connect.ca.file}, or null for the JVM's default authorities. */
    public SSLContext connectTls() {
        String file = getString(CONNECT_CA_FILE_CONFIG);
        try {
            return file.isEmpty() ? null : TrustedCertificates.fromPem(Path.of(file));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(CONNECT_CA_FILE_CONFIG, file, e.getMessage());
        }
    }

    public Duration connectPoll() {
        return Duration.ofMillis(getLong(CONNECT_POLL_MS_CONFIG));
    }

    private static ConfigDef.Validator decimal() {
        return (name, value) -> {
            try {
                if (new BigDecimal(String.valueOf(value)).signum() < 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new ConfigException(name, value, "expected a non-negative amount, e.g. 10.00");
            }
        };
    }
}
