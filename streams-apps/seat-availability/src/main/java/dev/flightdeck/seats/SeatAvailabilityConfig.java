package dev.flightdeck.seats;

import dev.flightdeck.streams.runtime.ConfigHelp;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Every option of seat-availability, defined once: validation, defaults, {@code --help} and the
 * docs come from this ConfigDef. Options prefixed {@code streams.} go to Kafka Streams unchanged.
 */
public final class SeatAvailabilityConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers, host:port,...";

    public static final String APPLICATION_ID_CONFIG = "application.id";
    private static final String APPLICATION_ID_DOC = "Kafka Streams application id: the consumer group, and the prefix of internal topics. "
            + "Instances with the same id share the work by partitions.";

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    private static final String SCHEMA_REGISTRY_URL_DOC = "Confluent Schema Registry API base URL, to read the writer schemas of CDC records "
            + "(Apicurio: http://host:port/apis/ccompat/v7).";

    public static final String APICURIO_REGISTRY_URL_CONFIG = "apicurio.registry.url";
    private static final String APICURIO_REGISTRY_URL_DOC = "Apicurio Registry v2 API base URL, used by the Avro serializer of the "
            + "flight-availability topic (records are written in the Confluent wire format).";

    public static final String STATE_DIR_CONFIG = "state.dir";
    private static final String STATE_DIR_DOC = "Folder of the RocksDB state stores. Keep it on local disk; after a crash the stores are "
            + "restored from their changelogs.";

    public static final String NUM_STANDBY_REPLICAS_CONFIG = "num.standby.replicas";
    private static final String NUM_STANDBY_REPLICAS_DOC = "Warm copies of each store on other instances, for fast fail-over.";

    public static final String NUM_STREAM_THREADS_CONFIG = "num.stream.threads";
    private static final String NUM_STREAM_THREADS_DOC = "Stream threads of this instance.";

    public static final String COMMIT_INTERVAL_MS_CONFIG = "commit.interval.ms";
    private static final String COMMIT_INTERVAL_MS_DOC = "How often transactions commit (exactly_once_v2): the upper bound "
            + "a consumer reading read_committed waits for a new version.";

    public static final String CACHE_MAX_BYTES_CONFIG = "cache.max.bytes";
    private static final String CACHE_MAX_BYTES_DOC = "Memory for the state stores' write cache, shared by the stream threads. "
            + "A flight's state is written once per commit instead of once per change while the changes of one commit "
            + "interval fit; too small, and every change of a busy flight is written to RocksDB and its changelog.";

    public static final String HTTP_LISTENER_CONFIG = "http.listener";
    private static final String HTTP_LISTENER_DOC = "host:port of the HTTP API (availability queries, health, metrics).";

    public static final String HTTP_ADVERTISED_LISTENER_CONFIG = "http.advertised.listener";
    private static final String HTTP_ADVERTISED_LISTENER_DOC = "host:port other instances use to forward queries to this one; "
            + "empty: the listener.";

    public static final String TOPIC_BOOKINGS_CONFIG = "topic.bookings";
    public static final String TOPIC_FLIGHTS_CONFIG = "topic.flights";
    public static final String TOPIC_SEAT_MAP_CONFIG = "topic.seat-map";
    public static final String TOPIC_AIRCRAFT_TYPES_CONFIG = "topic.aircraft-types";
    public static final String TOPIC_FLIGHT_AVAILABILITY_CONFIG = "topic.flight-availability";
    public static final String TOPIC_AIRCRAFT_SEATING_CONFIG = "topic.aircraft-seating";
    public static final String TOPIC_DEAD_LETTERS_CONFIG = "topic.dead-letters";

    public static final String TOPIC_REPLICATION_FACTOR_CONFIG = "topic.replication.factor";
    private static final String TOPIC_REPLICATION_FACTOR_DOC = "Replicas of the topics this app creates (internal ones included); "
            + "-1: the broker's default. Production: 3, with min.insync.replicas=2 on the brokers.";

    public static final String SEATING_CHECK_INTERVAL_MS_CONFIG = "seating.check.interval.ms";
    private static final String SEATING_CHECK_INTERVAL_MS_DOC = "How often flights are checked against their aircraft's seat map "
            + "(published once a late seat map arrives, republished when it changes).";

    public static final String STREAMS_PREFIX = "streams.";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
            .define(APPLICATION_ID_CONFIG, Type.STRING, "seat-availability", new ConfigDef.NonEmptyString(), Importance.HIGH, APPLICATION_ID_DOC)
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
            .define(APICURIO_REGISTRY_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH, APICURIO_REGISTRY_URL_DOC)
            .define(STATE_DIR_CONFIG, Type.STRING, "/var/lib/flightdeck/seat-availability", Importance.HIGH, STATE_DIR_DOC)
            .define(HTTP_LISTENER_CONFIG, Type.STRING, "127.0.0.1:8090", hostAndPort(), Importance.HIGH, HTTP_LISTENER_DOC)
            .define(HTTP_ADVERTISED_LISTENER_CONFIG, Type.STRING, "", Importance.MEDIUM, HTTP_ADVERTISED_LISTENER_DOC)
            .define(NUM_STANDBY_REPLICAS_CONFIG, Type.INT, 1, Range.atLeast(0), Importance.MEDIUM, NUM_STANDBY_REPLICAS_DOC)
            .define(NUM_STREAM_THREADS_CONFIG, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM, NUM_STREAM_THREADS_DOC)
            .define(COMMIT_INTERVAL_MS_CONFIG, Type.LONG, 100L, Range.atLeast(1), Importance.MEDIUM, COMMIT_INTERVAL_MS_DOC)
            .define(CACHE_MAX_BYTES_CONFIG, Type.LONG, 64L * 1024 * 1024, Range.atLeast(0), Importance.MEDIUM, CACHE_MAX_BYTES_DOC)
            .define(TOPIC_REPLICATION_FACTOR_CONFIG, Type.SHORT, (short) -1, Importance.MEDIUM, TOPIC_REPLICATION_FACTOR_DOC)
            .define(SEATING_CHECK_INTERVAL_MS_CONFIG, Type.LONG, 1000L, Range.atLeast(10), Importance.LOW, SEATING_CHECK_INTERVAL_MS_DOC)
            .define(TOPIC_BOOKINGS_CONFIG, Type.STRING, "cdc.flights.booking", Importance.LOW, "Debezium topic of the booking table.")
            .define(TOPIC_FLIGHTS_CONFIG, Type.STRING, "cdc.flights.flight", Importance.LOW, "Debezium topic of the flight table.")
            .define(TOPIC_SEAT_MAP_CONFIG, Type.STRING, "cdc.flights.seat_map", Importance.LOW, "Debezium topic of the seat_map table.")
            .define(TOPIC_AIRCRAFT_TYPES_CONFIG, Type.STRING, "cdc.flights.aircraft_type", Importance.LOW, "Debezium topic of the aircraft_type table.")
            .define(TOPIC_FLIGHT_AVAILABILITY_CONFIG, Type.STRING, "flight-availability", Importance.LOW,
                    "The published availability: compacted, Avro (schema flight-availability.avsc), key = flight id.")
            .define(TOPIC_AIRCRAFT_SEATING_CONFIG, Type.STRING, "seat-availability-aircraft-seating", Importance.LOW,
                    "Compacted topic of seats per aircraft type, read back as a global store by every instance.")
            .define(TOPIC_DEAD_LETTERS_CONFIG, Type.STRING, "seat-availability-dlq", Importance.LOW,
                    "Records that cannot be processed, with the reason in __streams.errors.* headers.");

    public SeatAvailabilityConfig(Map<?, ?> values) {
        super(CONFIG, values, false);
    }

    public SeatAvailabilityTopology.Topics topics() {
        return new SeatAvailabilityTopology.Topics(getString(TOPIC_BOOKINGS_CONFIG), getString(TOPIC_FLIGHTS_CONFIG),
                getString(TOPIC_SEAT_MAP_CONFIG), getString(TOPIC_AIRCRAFT_TYPES_CONFIG),
                getString(TOPIC_FLIGHT_AVAILABILITY_CONFIG), getString(TOPIC_AIRCRAFT_SEATING_CONFIG));
    }

    public String advertisedListener() {
        String advertised = getString(HTTP_ADVERTISED_LISTENER_CONFIG);
        return advertised.isBlank() ? getString(HTTP_LISTENER_CONFIG) : advertised;
    }

    /** Options for Kafka Streams given as streams.X=..., without the prefix. */
    public Map<String, Object> streamsOverrides() {
        return originalsWithPrefix(STREAMS_PREFIX);
    }

    /** The --help text: every option with its type, default and documentation. */
    public static String describe() {
        return ConfigHelp.describe(CONFIG);
    }

    private static ConfigDef.Validator hostAndPort() {
        return (name, value) -> {
            String text = String.valueOf(value);
            int colon = text.lastIndexOf(':');
            try {
                int port = Integer.parseInt(text.substring(colon + 1));
                if (colon <= 0 || port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (RuntimeException e) {
                throw new org.apache.kafka.common.config.ConfigException(name, value, "expected host:port, e.g. 127.0.0.1:8090");
            }
        };
    }
}
