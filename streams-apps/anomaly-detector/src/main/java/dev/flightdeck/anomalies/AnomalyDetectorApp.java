package dev.flightdeck.anomalies;

import dev.flightdeck.cdc.ConfluentAvroDecoder;
import dev.flightdeck.clients.connect.SchemaHistory;
import dev.flightdeck.clients.registry.RegistryClient;
import dev.flightdeck.cdc.flights.FlightsChanges;
import dev.flightdeck.streams.runtime.ApicurioAvro;
import dev.flightdeck.streams.runtime.ConfigFiles;
import dev.flightdeck.streams.runtime.OpsEndpoints;
import dev.flightdeck.streams.runtime.OwnedTopics;
import dev.flightdeck.streams.runtime.StreamsRuntime;
import dev.flightdeck.schemas.Anomaly;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * anomaly-detector as a process: {@code AnomalyDetectorApp CONFIG_FILE [key=value ...]}. Creates
 * the anomalies topic, runs the detectors exactly once, serves /health/ready and /metrics until SIGTERM.
 */
public final class AnomalyDetectorApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AnomalyDetectorApp.class);

    private final AnomalyDetectorConfig config;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private KafkaStreams streams;
    private OpsEndpoints ops;
    private ConnectorWatch connectorWatch;
    private Producer<String, Anomaly> watchProducer;

    public AnomalyDetectorApp(AnomalyDetectorConfig config) {
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println("Usage: anomaly-detector CONFIG_FILE [key=value ...]\n\nOptions (in the file or as key=value):\n"
                    + AnomalyDetectorConfig.describe());
            System.exit(args.length == 0 ? 2 : 0);
        }
        AnomalyDetectorConfig config;
        try {
            config = new AnomalyDetectorConfig(ConfigFiles.load(args));
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("anomaly-detector: invalid configuration: " + e.getMessage() + "\nRun with --help for every option.");
            System.exit(2);
            return;
        }
        AnomalyDetectorApp app = new AnomalyDetectorApp(config);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "anomaly-detector-shutdown"));
        try {
            app.start();
        } catch (IllegalStateException e) {
            System.err.println("anomaly-detector: " + e.getMessage());
            app.close();
            System.exit(1);
        }
        app.stopped.await();
    }

    public void start() throws IOException {
        short replication = config.getShort(AnomalyDetectorConfig.TOPIC_REPLICATION_FACTOR_CONFIG);
        Optional<Short> replicas = replication < 0 ? Optional.empty() : Optional.of(replication);
        OwnedTopics.ensure(config.getList(AnomalyDetectorConfig.BOOTSTRAP_SERVERS_CONFIG), List.of(
                new NewTopic(config.getString(AnomalyDetectorConfig.TOPIC_ANOMALIES_CONFIG), Optional.empty(), replicas)
                        .configs(Map.of("retention.ms", String.valueOf(Duration.ofDays(30).toMillis()))),
                new NewTopic(config.getString(AnomalyDetectorConfig.TOPIC_DEAD_LETTERS_CONFIG), Optional.empty(), replicas)
                        .configs(Map.of("retention.ms", String.valueOf(Duration.ofDays(14).toMillis())))));
        String apicurio = config.getString(AnomalyDetectorConfig.APICURIO_REGISTRY_URL_CONFIG);
        ConfluentAvroDecoder decoder = new RegistryClient(config.getString(AnomalyDetectorConfig.SCHEMA_REGISTRY_URL_CONFIG)).avroDecoder();
        AnomalyTopology.Wiring wiring = new AnomalyTopology.Wiring(new FlightsChanges(decoder), decoder,
                ApicurioAvro.serde(apicurio, true), ApicurioAvro.serde(apicurio, false), ApicurioAvro.serde(apicurio, false),
                Clock.systemUTC(), config.thresholds(), metrics);
        streams = new KafkaStreams(AnomalyTopology.build(config.topics(), wiring), streamsProperties());
        StreamsRuntime.bindMetrics(streams, metrics);
        streams.setStateListener((now, before) -> {
            log.info("Kafka Streams {} -> {}", before, now);
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            log.error("a stream thread died; replacing it (its tasks resume from the last commit): {}", e.toString());
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        String[] listener = config.getString(AnomalyDetectorConfig.HTTP_LISTENER_CONFIG).split(":(?=\\d+$)");
        ops = new OpsEndpoints(new InetSocketAddress(listener[0], Integer.parseInt(listener[1])), () -> streams.state().name(),
                () -> streams.state() == KafkaStreams.State.RUNNING, metrics);
        ops.start();
        streams.start();
        String connectUrl = config.getString(AnomalyDetectorConfig.CONNECT_URL_CONFIG);
        if (!connectUrl.isBlank()) {
            watchConnectors(connectUrl, wiring);
        }
        log.info("anomaly-detector started: application.id={}, alerts to {}, HTTP on {}",
                config.getString(AnomalyDetectorConfig.APPLICATION_ID_CONFIG), config.getString(AnomalyDetectorConfig.TOPIC_ANOMALIES_CONFIG),
                config.getString(AnomalyDetectorConfig.HTTP_LISTENER_CONFIG));
    }

    /** Connector failures are states seen over REST, not records: a plain idempotent producer writes their alerts. */
    private void watchConnectors(String connectUrl, AnomalyTopology.Wiring wiring) {
        String bootstrap = String.join(",", config.getList(AnomalyDetectorConfig.BOOTSTRAP_SERVERS_CONFIG));
        watchProducer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "anomaly-detector-connector-watch"),
                new StringSerializer(), wiring.anomalySerde().serializer());
        connectorWatch = new ConnectorWatch(connectUrl, Duration.ofMillis(config.getLong(AnomalyDetectorConfig.CONNECT_POLL_MS_CONFIG)),
                watchProducer, config.topics().anomalies(), new SchemaHistory(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)), new Alerts(wiring.clock(), metrics));
        connectorWatch.start();
    }

    Properties streamsProperties() {
        Properties p = StreamsRuntime.exactlyOnceWithDeadLetters(config.getString(AnomalyDetectorConfig.TOPIC_DEAD_LETTERS_CONFIG));
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.getString(AnomalyDetectorConfig.APPLICATION_ID_CONFIG));
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", config.getList(AnomalyDetectorConfig.BOOTSTRAP_SERVERS_CONFIG)));
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.getString(AnomalyDetectorConfig.STATE_DIR_CONFIG));
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.getInt(AnomalyDetectorConfig.NUM_STANDBY_REPLICAS_CONFIG));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getLong(AnomalyDetectorConfig.COMMIT_INTERVAL_MS_CONFIG));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.getShort(AnomalyDetectorConfig.TOPIC_REPLICATION_FACTOR_CONFIG));
        p.putAll(config.streamsOverrides());
        return p;
    }

    /** Typed access for in-process users (tests, benchmarks). */
    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        if (connectorWatch != null) {
            connectorWatch.close();
        }
        if (watchProducer != null) {
            watchProducer.close(Duration.ofSeconds(5));
        }
        if (ops != null) {
            ops.close();
        }
        if (streams != null) {
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
        }
        stopped.countDown();
    }
}
