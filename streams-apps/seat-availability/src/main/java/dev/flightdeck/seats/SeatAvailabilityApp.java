package dev.flightdeck.seats;

import dev.flightdeck.clients.registry.RegistryClient;
import dev.flightdeck.streams.runtime.ApicurioAvro;
import dev.flightdeck.streams.runtime.ConfigFiles;
import dev.flightdeck.streams.runtime.OwnedTopics;
import dev.flightdeck.streams.runtime.StreamsRuntime;
import dev.flightdeck.cdc.flights.FlightsChanges;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * seat-availability as a process: {@code SeatAvailabilityApp CONFIG_FILE [key=value ...]}. Creates
 * the topics it owns, runs the topology exactly once, and serves the HTTP API until SIGTERM.
 */
public final class SeatAvailabilityApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SeatAvailabilityApp.class);

    private final SeatAvailabilityConfig config;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private KafkaStreams streams;
    private AvailabilityApi api;

    public SeatAvailabilityApp(SeatAvailabilityConfig config) {
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        // Forwarding between instances reuses connections; close them before the peer's server does (30 s).
        System.setProperty("jdk.httpclient.keepalive.timeout", "10");
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println("Usage: seat-availability CONFIG_FILE [key=value ...]\n\nOptions (in the file or as key=value):\n"
                    + SeatAvailabilityConfig.describe());
            System.exit(args.length == 0 ? 2 : 0);
        }
        SeatAvailabilityConfig config;
        try {
            config = new SeatAvailabilityConfig(ConfigFiles.load(args));
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("seat-availability: invalid configuration: " + e.getMessage()
                    + "\nRun with --help for every option.");
            System.exit(2);
            return;
        }
        SeatAvailabilityApp app = new SeatAvailabilityApp(config);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "seat-availability-shutdown"));
        try {
            app.start();
        } catch (IllegalStateException e) {
            System.err.println("seat-availability: " + e.getMessage());
            app.close();
            System.exit(1);
        }
        app.stopped.await();
    }


    public void start() throws IOException {
        createTopics();
        HostInfo self = HostInfo.buildFromEndpoint(config.advertisedListener());
        LivePartitions live = new LivePartitions();
        SeatAvailabilityTopology.Wiring wiring = new SeatAvailabilityTopology.Wiring(
                new FlightsChanges(new RegistryClient(config.getString(SeatAvailabilityConfig.SCHEMA_REGISTRY_URL_CONFIG)).avroDecoder()),
                ApicurioAvro.serde(config.getString(SeatAvailabilityConfig.APICURIO_REGISTRY_URL_CONFIG), true),
                ApicurioAvro.serde(config.getString(SeatAvailabilityConfig.APICURIO_REGISTRY_URL_CONFIG), false), Clock.systemUTC(),
                Duration.ofMillis(config.getLong(SeatAvailabilityConfig.SEATING_CHECK_INTERVAL_MS_CONFIG)), metrics, live);
        streams = new KafkaStreams(SeatAvailabilityTopology.build(config.topics(), wiring), streamsProperties(self));
        StreamsRuntime.bindMetrics(streams, metrics);
        streams.setStateListener((now, before) -> {
            log.info("Kafka Streams {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                log.info("seat-availability ready: http://{}:{}/flights/{{id}}/availability", self.host(), self.port());
            }
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            log.error("a stream thread died; replacing it (its tasks resume from the last commit): {}", e.toString());
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        String[] listener = config.getString(SeatAvailabilityConfig.HTTP_LISTENER_CONFIG).split(":(?=\\d+$)");
        api = new AvailabilityApi(new InetSocketAddress(listener[0], Integer.parseInt(listener[1])),
                new AvailabilityQueries(streams, self, Clock.systemUTC(), live), metrics);
        api.start();
        streams.start();
        log.info("seat-availability started: application.id={}, HTTP on {}, state in {}",
                config.getString(SeatAvailabilityConfig.APPLICATION_ID_CONFIG),
                config.getString(SeatAvailabilityConfig.HTTP_LISTENER_CONFIG),
                config.getString(SeatAvailabilityConfig.STATE_DIR_CONFIG));
    }

    @Override
    public void close() {
        if (api != null) {
            api.close();
        }
        if (streams != null) {
            // Leave the group on a clean stop, so the other instances take over now, not after the session timeout.
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
        }
        stopped.countDown();
    }

    Properties streamsProperties(HostInfo self) {
        Properties p = StreamsRuntime.exactlyOnceWithDeadLetters(config.getString(SeatAvailabilityConfig.TOPIC_DEAD_LETTERS_CONFIG));
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.getString(SeatAvailabilityConfig.APPLICATION_ID_CONFIG));
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", config.getList(SeatAvailabilityConfig.BOOTSTRAP_SERVERS_CONFIG)));
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.getString(SeatAvailabilityConfig.STATE_DIR_CONFIG));
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.getInt(SeatAvailabilityConfig.NUM_STANDBY_REPLICAS_CONFIG));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(SeatAvailabilityConfig.NUM_STREAM_THREADS_CONFIG));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getLong(SeatAvailabilityConfig.COMMIT_INTERVAL_MS_CONFIG));
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, config.getLong(SeatAvailabilityConfig.CACHE_MAX_BYTES_CONFIG));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.getShort(SeatAvailabilityConfig.TOPIC_REPLICATION_FACTOR_CONFIG));
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        p.putAll(config.streamsOverrides());
        return p;
    }


    private void createTopics() {
        short replication = config.getShort(SeatAvailabilityConfig.TOPIC_REPLICATION_FACTOR_CONFIG);
        Optional<Short> replicas = replication < 0 ? Optional.empty() : Optional.of(replication);
        Map<String, String> compacted = Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0");
        List<NewTopic> wanted = List.of(
                new NewTopic(config.getString(SeatAvailabilityConfig.TOPIC_FLIGHT_AVAILABILITY_CONFIG), Optional.empty(), replicas)
                        .configs(compacted),
                new NewTopic(config.getString(SeatAvailabilityConfig.TOPIC_AIRCRAFT_SEATING_CONFIG), Optional.of(1), replicas)
                        .configs(compacted),
                new NewTopic(config.getString(SeatAvailabilityConfig.TOPIC_DEAD_LETTERS_CONFIG), Optional.empty(), replicas)
                        .configs(Map.of("retention.ms", String.valueOf(Duration.ofDays(14).toMillis()))));
        OwnedTopics.ensure(config.getList(SeatAvailabilityConfig.BOOTSTRAP_SERVERS_CONFIG), wanted);
    }


    /** The port the API listens on (0 in the config picks a free one). */
    public int httpPort() {
        return api.port();
    }

    /** Typed access for in-process users (tests, benchmarks). */
    public KafkaStreams streams() {
        return streams;
    }

}
