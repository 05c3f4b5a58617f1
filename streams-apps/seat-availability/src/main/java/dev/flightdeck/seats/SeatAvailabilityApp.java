package dev.flightdeck.seats;

import dev.flightdeck.cdc.flights.FlightsChanges;
import dev.flightdeck.clients.BasicCredentials;
import dev.flightdeck.clients.registry.RegistryClient;
import dev.flightdeck.streams.runtime.ApicurioAvro;
import dev.flightdeck.streams.runtime.StreamsApp;
import dev.flightdeck.streams.runtime.StreamsAppCommand;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;

/**
 * seat-availability as a process: {@code SeatAvailabilityApp CONFIG_FILE [key=value ...]} (see
 * {@link StreamsAppCommand}). Publishes flight-availability exactly once and serves the
 * availability API ({@link AvailabilityApi}) on http.listener, the ops endpoints on ops.listener.
 */
public final class SeatAvailabilityApp extends StreamsApp {

    private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0");

    private final SeatAvailabilityConfig config;
    private final LivePartitions livePartitions = new LivePartitions();
    private AvailabilityQueries queries;

    public SeatAvailabilityApp(SeatAvailabilityConfig config) {
        super("seat-availability", config);
        this.config = config;
    }

    public static void main(String[] args) {
        // Forwarding between instances reuses connections; close them before the peer's server does (30 s).
        System.setProperty("jdk.httpclient.keepalive.timeout", "10");
        StreamsAppCommand.run("seat-availability", SeatAvailabilityConfig.CONFIG, SeatAvailabilityConfig::new,
                SeatAvailabilityApp::new, args);
    }

    @Override
    protected List<NewTopic> ownedTopics() {
        return List.of(
                ownedTopic(config.getString(SeatAvailabilityConfig.TOPIC_FLIGHT_AVAILABILITY_CONFIG), Optional.empty(), COMPACTED),
                // One partition: every instance reads all of it into its global store.
                ownedTopic(config.getString(SeatAvailabilityConfig.TOPIC_AIRCRAFT_SEATING_CONFIG), Optional.of(1), COMPACTED));
    }

    @Override
    protected Topology topology() {
        String apicurio = config.apicurioRegistryUrl();
        BasicCredentials writer = config.registryCredentials();
        SeatAvailabilityTopology.Wiring wiring = new SeatAvailabilityTopology.Wiring(
                new FlightsChanges(new RegistryClient(config.schemaRegistryUrl()).avroDecoder()),
                ApicurioAvro.serde(apicurio, writer, true), ApicurioAvro.serde(apicurio, writer, false), Clock.systemUTC(),
                config.seatingCheckInterval(), meters(), livePartitions);
        return SeatAvailabilityTopology.build(config.topics(), wiring);
    }

    @Override
    protected Optional<Api> api(KafkaStreams streams) {
        queries = new AvailabilityQueries(streams, HostInfo.buildFromEndpoint(config.advertisedListener()), Clock.systemUTC(),
                livePartitions);
        return Optional.of(new Api(new AvailabilityApi(queries, new Peers(config.peersTimeout())), config.apiListener(),
                SeatAvailabilityConfig.HTTP_LISTENER_CONFIG));
    }

    /** Running, and every partition the cluster gave this instance is restored and served. */
    @Override
    protected boolean ready(KafkaStreams streams) {
        return queries.ready();
    }
}
