package dev.flightdeck.anomalies;

import dev.flightdeck.clients.connect.ConnectClient;

import dev.flightdeck.cdc.ConfluentAvroDecoder;
import dev.flightdeck.cdc.flights.FlightsChanges;
import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.clients.connect.SchemaHistory;
import dev.flightdeck.clients.BasicCredentials;
import dev.flightdeck.clients.registry.RegistryClient;
import dev.flightdeck.schemas.Anomaly;
import dev.flightdeck.streams.runtime.ApicurioAvro;
import dev.flightdeck.streams.runtime.StreamsApp;
import dev.flightdeck.streams.runtime.StreamsAppCommand;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

/**
 * anomaly-detector as a process: {@code AnomalyDetectorApp CONFIG_FILE [key=value ...]} (see
 * {@link StreamsAppCommand}). Runs the detectors exactly once into the anomalies topic and, when
 * {@code connect.url} is set, watches Kafka Connect beside them.
 */
public final class AnomalyDetectorApp extends StreamsApp {

    private final AnomalyDetectorConfig config;
    private AnomalyTopology.Wiring wiring;
    private ConnectorWatch connectorWatch;
    private Producer<String, Anomaly> watchProducer;

    public AnomalyDetectorApp(AnomalyDetectorConfig config) {
        super("anomaly-detector", config);
        this.config = config;
    }

    public static void main(String[] args) {
        StreamsAppCommand.run("anomaly-detector", AnomalyDetectorConfig.CONFIG, AnomalyDetectorConfig::new,
                AnomalyDetectorApp::new, args);
    }

    @Override
    protected List<NewTopic> ownedTopics() {
        return List.of(ownedTopic(config.getString(AnomalyDetectorConfig.TOPIC_ANOMALIES_CONFIG), Optional.empty(),
                Map.of("retention.ms", String.valueOf(Duration.ofDays(30).toMillis()))));
    }

    @Override
    protected Topology topology() {
        String apicurio = config.apicurioRegistryUrl();
        BasicCredentials writer = config.registryCredentials();
        ConfluentAvroDecoder decoder = new RegistryClient(config.schemaRegistryUrl()).avroDecoder();
        wiring = new AnomalyTopology.Wiring(new FlightsChanges(decoder), decoder,
                ApicurioAvro.serde(apicurio, writer, true), ApicurioAvro.serde(apicurio, writer, false),
                ApicurioAvro.serde(apicurio, writer, false),
                Clock.systemUTC(), config.thresholds(), meters());
        return AnomalyTopology.build(config.topics(), wiring);
    }

    /** Connector failures are states seen over REST, not records: a plain idempotent producer writes their alerts. */
    @Override
    protected void started() {
        if (config.connectUrl().isBlank()) {
            return;
        }
        Map<String, Object> producerConfig = new HashMap<>(config.clientConfig());
        producerConfig.putAll(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "anomaly-detector-connector-watch"));
        watchProducer = new KafkaProducer<>(producerConfig, new StringSerializer(), wiring.anomalySerde().serializer());
        ConnectClient connect = new ConnectClient(config.connectUrl(), config.connectCredentials(), config.connectTls());
        connectorWatch = new ConnectorWatch(connect, config.connectPoll(), watchProducer, config.topics().anomalies(),
                new SchemaHistory(config.clientConfig()), new Alerts(wiring.clock(), meters()));
        connectorWatch.start();
    }

    @Override
    protected void stopping() {
        if (connectorWatch != null) {
            connectorWatch.close();
        }
        if (watchProducer != null) {
            watchProducer.close(Duration.ofSeconds(5));
        }
    }
}
