package dev.flightdeck.seats;

import dev.flightdeck.cdc.ConfluentAvroDecoder;
import dev.flightdeck.cdc.flights.FlightsChanges;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
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
            config = new SeatAvailabilityConfig(load(args));
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

    private static Properties load(String[] args) throws IOException {
        Properties properties = new Properties();
        Path file = Path.of(args[0]);
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read config file " + file.toAbsolutePath());
        }
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + args[i] + "' is not key=value");
            }
            properties.setProperty(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        return properties;
    }

    public void start() throws IOException {
        createTopics();
        HostInfo self = HostInfo.buildFromEndpoint(config.advertisedListener());
        LivePartitions live = new LivePartitions();
        SeatAvailabilityTopology.Wiring wiring = new SeatAvailabilityTopology.Wiring(
                new FlightsChanges(ConfluentAvroDecoder.forRegistry(config.getString(SeatAvailabilityConfig.SCHEMA_REGISTRY_URL_CONFIG))),
                avroSerde(true), avroSerde(false), Clock.systemUTC(),
                Duration.ofMillis(config.getLong(SeatAvailabilityConfig.SEATING_CHECK_INTERVAL_MS_CONFIG)), metrics, live);
        streams = new KafkaStreams(SeatAvailabilityTopology.build(config.topics(), wiring), streamsProperties(self));
        bindMetrics();
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
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.getString(SeatAvailabilityConfig.APPLICATION_ID_CONFIG));
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", config.getList(SeatAvailabilityConfig.BOOTSTRAP_SERVERS_CONFIG)));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.getString(SeatAvailabilityConfig.STATE_DIR_CONFIG));
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.getInt(SeatAvailabilityConfig.NUM_STANDBY_REPLICAS_CONFIG));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(SeatAvailabilityConfig.NUM_STREAM_THREADS_CONFIG));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getLong(SeatAvailabilityConfig.COMMIT_INTERVAL_MS_CONFIG));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.getShort(SeatAvailabilityConfig.TOPIC_REPLICATION_FACTOR_CONFIG));
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        // A record we cannot read goes to the dead-letter topic with the reason; the rest flows on.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.getString(SeatAvailabilityConfig.TOPIC_DEAD_LETTERS_CONFIG));
        p.putAll(config.streamsOverrides());
        return p;
    }

    /** Avro in the Confluent wire format through Apicurio's serde, schema registered on first use (BACKWARD rule). */
    private <T> Serde<T> avroSerde(boolean isKey) {
        Map<String, Object> serde = new HashMap<>();
        serde.put("apicurio.registry.url", config.getString(SeatAvailabilityConfig.APICURIO_REGISTRY_URL_CONFIG));
        serde.put("apicurio.registry.auto-register", true);
        serde.put("apicurio.registry.as-confluent", true);
        serde.put("apicurio.registry.use-id", "contentId");
        serde.put("apicurio.registry.headers.enabled", false);
        serde.put("apicurio.registry.use-specific-avro-reader", true);
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
        serializer.configure(serde, isKey);
        AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(serde, isKey);
        return Serdes.serdeFrom(serializer, deserializer);
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
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                String.join(",", config.getList(SeatAvailabilityConfig.BOOTSTRAP_SERVERS_CONFIG))))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>(wanted.stream().filter(t -> !existing.contains(t.name())).toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                log.info("created topics {}", missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics on " + config.getList(SeatAvailabilityConfig.BOOTSTRAP_SERVERS_CONFIG)
                        + ": " + e.getCause().getMessage(), e);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot reach Kafka at " + config.getList(SeatAvailabilityConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + ": " + e.getMessage(), e);
        }
    }

    private void bindMetrics() {
        new KafkaStreamsMetrics(streams).bindTo(metrics);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ClassLoaderMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
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
