package dev.flightdeck.seats;

import dev.flightdeck.streams.runtime.StreamsAppConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Every option of seat-availability, defined once: the options every app has
 * ({@link StreamsAppConfig}) and its own. Validation, defaults, {@code --help} and the docs come
 * from this ConfigDef.
 */
public final class SeatAvailabilityConfig extends StreamsAppConfig {

    public static final String CACHE_MAX_BYTES_CONFIG = "cache.max.bytes";
    private static final String CACHE_MAX_BYTES_DOC = "Memory for the state stores' write cache, shared by the stream threads. "
            + "A flight's state is written once per commit instead of once per change while the changes of one commit "
            + "interval fit; too small, and every change of a busy flight is written to RocksDB and its changelog.";

    public static final String HTTP_ADVERTISED_LISTENER_CONFIG = "http.advertised.listener";
    private static final String HTTP_ADVERTISED_LISTENER_DOC = "host:port other instances use to pass API requests to this one; "
            + "empty: http.listener.";

    public static final String PEERS_TIMEOUT_MS_CONFIG = "peers.timeout.ms";
    private static final String PEERS_TIMEOUT_MS_DOC = "How long a request waits for other instances (the one that owns a flight, "
            + "or every instance's part of a search, asked at once) before it is answered 503 naming those that did not answer.";

    public static final String TOPIC_BOOKINGS_CONFIG = "topic.bookings";
    public static final String TOPIC_FLIGHTS_CONFIG = "topic.flights";
    public static final String TOPIC_SEAT_MAP_CONFIG = "topic.seat-map";
    public static final String TOPIC_AIRCRAFT_TYPES_CONFIG = "topic.aircraft-types";
    public static final String TOPIC_FLIGHT_AVAILABILITY_CONFIG = "topic.flight-availability";
    public static final String TOPIC_AIRCRAFT_SEATING_CONFIG = "topic.aircraft-seating";

    public static final String SEATING_CHECK_INTERVAL_MS_CONFIG = "seating.check.interval.ms";
    private static final String SEATING_CHECK_INTERVAL_MS_DOC = "How often flights are checked against their aircraft's seat map "
            + "(published once a late seat map arrives, republished when it changes).";

    /**
     * Each change waits for two commits, one per exactly-once hop (the repartition topic, then
     * flight-availability): at 1,000 changes/s every 50 ms reached Redis about 80 ms sooner at the
     * median than every 100 ms, at the same CPU.
     */
    public static final long DEFAULT_COMMIT_INTERVAL_MS = 50;

    /** The API on 127.0.0.1:8090 (http.listener), health and metrics on 127.0.0.1:8190 (ops.listener). */
    public static final ConfigDef CONFIG = withApiListener(commonOptions("seat-availability", 8190,
            Duration.ofMillis(DEFAULT_COMMIT_INTERVAL_MS)), 8090)
            .define(HTTP_ADVERTISED_LISTENER_CONFIG, Type.STRING, "", HostAndPort.OPTIONAL, Importance.MEDIUM,
                    HTTP_ADVERTISED_LISTENER_DOC)
            .define(PEERS_TIMEOUT_MS_CONFIG, Type.LONG, 2000L, Range.between(100, 60_000), Importance.LOW, PEERS_TIMEOUT_MS_DOC)
            .define(CACHE_MAX_BYTES_CONFIG, Type.LONG, 64L * 1024 * 1024, Range.atLeast(0), Importance.MEDIUM, CACHE_MAX_BYTES_DOC)
            .define(SEATING_CHECK_INTERVAL_MS_CONFIG, Type.LONG, 1000L, Range.atLeast(10), Importance.LOW, SEATING_CHECK_INTERVAL_MS_DOC)
            .define(TOPIC_BOOKINGS_CONFIG, Type.STRING, "cdc.flights.booking", Importance.LOW, "Debezium topic of the booking table.")
            .define(TOPIC_FLIGHTS_CONFIG, Type.STRING, "cdc.flights.flight", Importance.LOW, "Debezium topic of the flight table.")
            .define(TOPIC_SEAT_MAP_CONFIG, Type.STRING, "cdc.flights.seat_map", Importance.LOW, "Debezium topic of the seat_map table.")
            .define(TOPIC_AIRCRAFT_TYPES_CONFIG, Type.STRING, "cdc.flights.aircraft_type", Importance.LOW,
                    "Debezium topic of the aircraft_type table.")
            .define(TOPIC_FLIGHT_AVAILABILITY_CONFIG, Type.STRING, "flight-availability", Importance.LOW,
                    "The published availability: compacted, Avro (schema flight-availability.avsc), key = flight id.")
            .define(TOPIC_AIRCRAFT_SEATING_CONFIG, Type.STRING, "seat-availability-aircraft-seating", Importance.LOW,
                    "Compacted topic of seats per aircraft type, read back as a global store by every instance.");

    public SeatAvailabilityConfig(Map<?, ?> values) {
        super(CONFIG, values);
        InetSocketAddress api = apiListener();
        if (api.getPort() != 0 && api.equals(opsListener())) {
            throw new ConfigException(OPS_LISTENER_CONFIG, getString(OPS_LISTENER_CONFIG), "the ops endpoints need a port of their own, "
                    + "not the API's (" + HTTP_LISTENER_CONFIG + "); give " + OPS_LISTENER_CONFIG + " another port");
        }
    }

    public SeatAvailabilityTopology.Topics topics() {
        return new SeatAvailabilityTopology.Topics(getString(TOPIC_BOOKINGS_CONFIG), getString(TOPIC_FLIGHTS_CONFIG),
                getString(TOPIC_SEAT_MAP_CONFIG), getString(TOPIC_AIRCRAFT_TYPES_CONFIG),
                getString(TOPIC_FLIGHT_AVAILABILITY_CONFIG), getString(TOPIC_AIRCRAFT_SEATING_CONFIG));
    }

    /** host:port other instances forward queries to. */
    public String advertisedListener() {
        String advertised = getString(HTTP_ADVERTISED_LISTENER_CONFIG);
        return advertised.isBlank() ? getString(HTTP_LISTENER_CONFIG) : advertised;
    }

    public Duration peersTimeout() {
        return Duration.ofMillis(getLong(PEERS_TIMEOUT_MS_CONFIG));
    }

    public Duration seatingCheckInterval() {
        return Duration.ofMillis(getLong(SEATING_CHECK_INTERVAL_MS_CONFIG));
    }

    /** The record cache, and where other instances reach this one's queries. */
    @Override
    protected Map<String, Object> appStreamsSettings() {
        return Map.of(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, getLong(CACHE_MAX_BYTES_CONFIG),
                StreamsConfig.APPLICATION_SERVER_CONFIG, advertisedListener());
    }
}
