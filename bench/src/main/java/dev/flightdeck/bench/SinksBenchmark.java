package dev.flightdeck.bench;

import static dev.flightdeck.bench.BenchSupport.round;
import static dev.flightdeck.bench.BenchSupport.seconds;
import static dev.flightdeck.bench.MarkdownTable.percent;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flightdeck.bench.TopicPasses.Pass;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.connect.elasticsearch.ElasticsearchSinkConfig;
import dev.flightdeck.connect.elasticsearch.FlightDocuments;
import dev.flightdeck.connect.elasticsearch.FlightIndex;
import dev.flightdeck.connect.redis.FlightStore;
import dev.flightdeck.connect.sink.AvailabilityUpdate;
import dev.flightdeck.connect.sink.PublishedFlight;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.schemas.CabinAvailability;
import dev.flightdeck.stack.driver.LocalStackDriver;
import dev.flightdeck.streams.runtime.ApicurioAvro;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import redis.clients.jedis.JedisPooled;

/**
 * The two read-model sinks' numbers on a stack of their own. Throughput: the same availability
 * records, written once by each sink connector inside the Connect worker (from a topic of their
 * own) and once straight into the store (the ceiling: pipelined compare-and-set script calls
 * into Redis, bulk requests into Elasticsearch, one thread, same batch sizes). Latency: booking
 * changes committed at a steady rate; for each flight-availability record, the time from its
 * source commit until Redis holds that version and until Elasticsearch finds it in a search.
 */
@Command(name = "sinks", mixinStandardHelpOptions = true,
        description = "Redis and Elasticsearch sink throughput next to raw pipelined and bulk writes of the same records, "
                + "and commit→Redis, commit→searchable latency at a steady rate.")
final class SinksBenchmark implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLIGHT_AVAILABILITY = "flight-availability";

    @Option(names = "--records", defaultValue = "100000", description = "Availability records per throughput pass (default: ${DEFAULT-VALUE}).")
    int records;
    @Option(names = "--flights", defaultValue = "20000",
            description = "Flights they belong to; each gets records/flights versions, interleaved (default: ${DEFAULT-VALUE}).")
    int flights;
    @Mixin
    SteadyRate steadyRate;
    @Mixin
    BenchStack benchStack;

    private final Progress console = Progress.console(System.out);
    private final String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public Integer call() throws Exception {
        if (records % flights != 0) {
            throw new IllegalArgumentException("--records (" + records + ") must be a multiple of --flights (" + flights + ")");
        }
        LocalStackDriver stack = benchStack.wiped(console);
        console.note("[1/6] a stack of its own: the whole pipeline without the simulator (snapshot and both sinks caught up)");
        stack.up("--no-simulator");
        ClusterProfile endpoints = stack.adminProfile();
        try (JedisPooled redis = endpoints.openRedis();
             ElasticsearchClient elasticsearch = elasticsearch(endpoints)) {
            List<PublishedFlight> input = generate();
            String topic = run + "-availability";
            console.note(String.format(Locale.ROOT, "[2/6] %,d availability records of %,d flights onto %s", records, flights, topic));
            Map<Integer, Boundary> partitions = produce(endpoints, topic, input);

            console.note("[3/6] Redis ceiling: the version-guarded script, pipelined, straight into Redis");
            Pass redisRaw = redisCeiling(endpoints, input);
            console.note("[4/6] the Redis sink connector over the same records");
            String redisPrefix = "flightdeck:" + run + "-sink:"; // the sink's Redis account writes under flightdeck: only
            Pass redisSink = sinkPass(stack, "Redis sink connector", endpoints, "redis-sink-flights.json", topic,
                    Map.of("redis.key.prefix", redisPrefix), partitions,
                    (flight, version) -> version(redis.hget(redisPrefix + "flight:" + flight, "version")) >= version);

            console.note("[5/6] Elasticsearch ceiling: bulk requests of the same documents, then the sink connector");
            Pass elasticsearchRaw = elasticsearchCeiling(elasticsearch, input);
            String alias = run + "-sink-flights";
            Pass elasticsearchSink = sinkPass(stack, "Elasticsearch sink connector", endpoints, "elasticsearch-sink-flights.json", topic,
                    Map.of("index.alias", alias, "index.name", alias + "-v1"), partitions,
                    (flight, version) -> documentVersion(endpoints, alias, flight) >= version);

            console.note("[6/6] latency: " + steadyRate);
            LatencyRun latency;
            try (BookingWorkload workload = new BookingWorkload(endpoints)) {
                latency = latency(endpoints, workload, redis);
            }
            Report report = new Report(LocalDateTime.now().toString(), Runtime.getRuntime().availableProcessors(), records, flights,
                    redisRaw, redisSink, round(100.0 * redisSink.recordsPerSecond() / redisRaw.recordsPerSecond()),
                    elasticsearchRaw, elasticsearchSink,
                    round(100.0 * elasticsearchSink.recordsPerSecond() / elasticsearchRaw.recordsPerSecond()), latency);
            benchStack.report("sinks").write(report, markdown(report), console);
        } finally {
            benchStack.finish(stack);
        }
        return 0;
    }

    // --- The input ---------------------------------------------------------------------------------

    /** Version v of every flight before version v+1 of any: a batch never holds two versions of one flight. */
    List<PublishedFlight> generate() {
        Instant departure = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        String[] airports = {"FRA", "LIS", "MAD", "CDG", "AMS", "VIE", "ZRH", "CPH"};
        List<PublishedFlight> input = new ArrayList<>(records);
        for (int version = 1; version <= records / flights; version++) {
            for (int f = 0; f < flights; f++) {
                long id = 1_000_000L + f;
                int taken = Math.min(150, version * 3 + f % 7);
                List<String> seats = new ArrayList<>();
                for (int s = 0; s < taken; s++) {
                    seats.add((s / 6 + 1) + "ABCDEF".substring(s % 6, s % 6 + 1));
                }
                Instant leaves = departure.plus(f % 500, ChronoUnit.HOURS);
                input.add(new PublishedFlight(id, version, "FD" + id, airports[f % 8], airports[(f + 3) % 8], leaves,
                        leaves.plus(2, ChronoUnit.HOURS), "A320", "A320-200", "SCHEDULED", new BigDecimal("129.90"), "EUR",
                        List.of(new PublishedFlight.Cabin("J", 12, 1, 2, 9), new PublishedFlight.Cabin("Y", 150, 0, taken, 150 - taken)),
                        seats, Instant.now(), Instant.now()));
            }
        }
        return input;
    }

    /** The first and last record of one partition: the sink has written it all once the last is in the store. */
    record Boundary(long firstFlight, long firstVersion, long lastFlight, long lastVersion) {
    }

    private Map<Integer, Boundary> produce(ClusterProfile endpoints, String topic, List<PublishedFlight> input) throws Exception {
        try (Admin admin = endpoints.admin()) {
            int partitions = admin.describeTopics(List.of(FLIGHT_AVAILABILITY)).allTopicNames().get().get(FLIGHT_AVAILABILITY).partitions().size();
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        Map<String, Object> serde = ApicurioAvro.confluentWireFormat(endpoints.apicurioRegistryUrl(), endpoints.registryCredentials());
        Map<Integer, long[]> bounds = new ConcurrentHashMap<>();
        try (AvroKafkaSerializer<Object> keys = new AvroKafkaSerializer<>();
             AvroKafkaSerializer<Object> values = new AvroKafkaSerializer<>();
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(endpoints.kafkaClientConfig(Map.of(
                     ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)))) {
            keys.configure(serde, true);
            values.configure(serde, false);
            List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>(input.size());
            for (PublishedFlight flight : input) {
                sent.add(producer.send(new ProducerRecord<>(topic, keys.serialize(topic, flight.flightId()),
                        values.serialize(topic, avro(flight)))));
            }
            for (int i = 0; i < sent.size(); i++) {
                RecordMetadata at = sent.get(i).get();
                PublishedFlight flight = input.get(i);
                long[] b = bounds.computeIfAbsent(at.partition(), p -> new long[] {flight.flightId(), flight.version(), 0, 0});
                b[2] = flight.flightId();
                b[3] = flight.version();
                if (i % 10_000 == 0) {
                    console.update("produce", String.format(Locale.ROOT, "%,d of %,d acknowledged", i, input.size()));
                }
            }
        }
        Map<Integer, Boundary> boundaries = new HashMap<>();
        bounds.forEach((p, b) -> boundaries.put(p, new Boundary(b[0], b[1], b[2], b[3])));
        return boundaries;
    }

    private static dev.flightdeck.schemas.FlightAvailability avro(PublishedFlight f) {
        return dev.flightdeck.schemas.FlightAvailability.newBuilder().setFlightId(f.flightId()).setFlightNumber(f.flightNumber())
                .setOrigin(f.origin()).setDestination(f.destination()).setDepartureTime(f.departureTime()).setArrivalTime(f.arrivalTime())
                .setAircraftType(f.aircraftType()).setAircraftModel(f.aircraftModel()).setStatus(f.status())
                .setBaseFare(f.baseFare()).setCurrency(f.currency())
                .setCabins(f.cabins().stream().map(c -> CabinAvailability.newBuilder().setCabin(c.cabin()).setCapacity(c.capacity())
                        .setHeld(c.held()).setConfirmed(c.confirmed()).setAvailable(c.available()).build()).toList())
                .setTakenSeats(f.takenSeats()).setVersion(f.version()).setSourceTimestamp(f.sourceTimestamp())
                .setUpdatedAt(f.updatedAt()).build();
    }

    // --- Throughput --------------------------------------------------------------------------------

    /** Batches of 2000, as the sink connector's consumer hands them over (max.poll.records). */
    Pass redisCeiling(ClusterProfile profile, List<PublishedFlight> input) {
        try (FlightStore store = new FlightStore(profile.openRedis(), run + "-raw:", Duration.ofDays(1).toMillis(),
                Duration.ofDays(7).toMillis(), Clock.systemUTC())) {
            long start = System.nanoTime();
            for (int from = 0; from < input.size(); from += 2000) {
                List<AvailabilityUpdate> batch = new ArrayList<>(2000);
                for (PublishedFlight flight : input.subList(from, Math.min(input.size(), from + 2000))) {
                    batch.add(new AvailabilityUpdate.Upsert(flight));
                }
                store.write(batch);
                console.update("Redis ceiling", String.format(Locale.ROOT, "%,d of %,d", from + batch.size(), input.size()));
            }
            double took = seconds(System.nanoTime() - start);
            return new Pass("Redis: pipelined compare-and-set script", input.size(), round(took), round(input.size() / took));
        }
    }

    Pass elasticsearchCeiling(ElasticsearchClient client, List<PublishedFlight> input) throws Exception {
        // The same layout as the sink's (template mapping, settings), created the way the sink creates it.
        String index = run + "-raw-flights";
        new FlightIndex(client, index, index + "-v1", "7d", new FlightIndex.BulkLimits(1000, 5 << 20),
                ElasticsearchSinkConfig.IndexSetup.CREATE_IF_MISSING).prepare();
        JacksonJsonpMapper mapper = new JacksonJsonpMapper();
        long start = System.nanoTime();
        for (int from = 0; from < input.size(); from += 1000) {
            BulkRequest.Builder bulk = new BulkRequest.Builder();
            for (PublishedFlight flight : input.subList(from, Math.min(input.size(), from + 1000))) {
                bulk.operations(op -> op.index(i -> i.index(index).id(Long.toString(flight.flightId()))
                        .version(flight.version()).versionType(VersionType.ExternalGte)
                        .document(FlightDocuments.json(flight, mapper))));
            }
            BulkResponse response = client.bulk(bulk.build());
            if (response.errors()) {
                throw new IllegalStateException("raw bulk failed: " + response.items().stream().filter(i -> i.error() != null)
                        .findFirst().map(i -> i.error().reason()).orElse("?"));
            }
            console.update("Elasticsearch ceiling", String.format(Locale.ROOT, "%,d of %,d", Math.min(input.size(), from + 1000), input.size()));
        }
        double took = seconds(System.nanoTime() - start);
        return new Pass("Elasticsearch: bulk index, external_gte versions", input.size(), round(took), round(input.size() / took));
    }

    interface Written {
        boolean holds(long flightId, long version) throws Exception;
    }

    /**
     * Registers a copy of the stack's connector config, reading the benchmark topic into a store of
     * its own, and times it from the first record in the store until the last record of every
     * partition is (a sink writes a partition in order, so then all of it is).
     */
    private Pass sinkPass(LocalStackDriver stack, String name, ClusterProfile endpoints, String file, String topic, Map<String, String> overrides,
                          Map<Integer, Boundary> partitions, Written written) throws Exception {
        Path path = benchStack.home().resolve("connect-configs").resolve(file);
        ConnectClient.ConnectorFile stackConnector = ConnectClient.ConnectorFile.read(path);
        ObjectNode config = stackConnector.config().deepCopy();
        config.put("topics", topic);
        config.put("errors.deadletterqueue.topic.name", topic + "-" + stackConnector.name() + "-dlq");
        overrides.forEach(config::put);
        String connector = run + "-" + stackConnector.name();
        stack.sinkConnectorUser(connector, List.of(topic), config.path("errors.deadletterqueue.topic.name").asText()).forEach(config::put);
        ConnectClient rest = endpoints.connect();
        rest.put(new ConnectClient.ConnectorFile(path, connector, config));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        while (!anyFirstWritten(partitions, written)) {
            BenchSupport.check(deadline, name + " wrote nothing; see ./flightdeck logs connect --data-dir ...");
            console.update(name, "starting: " + rest.status(connector).state());
            TimeUnit.MILLISECONDS.sleep(5);
        }
        long start = System.nanoTime();
        int done;
        while ((done = lastWritten(partitions, written)) < partitions.size()) {
            BenchSupport.check(deadline, name + " did not write everything");
            console.update(name, String.format(Locale.ROOT, "%d of %d partitions written to the end", done, partitions.size()));
            TimeUnit.MILLISECONDS.sleep(5);
        }
        double took = seconds(System.nanoTime() - start);
        rest.delete(connector);
        return new Pass(name, records, round(took), round(records / took));
    }

    private static boolean anyFirstWritten(Map<Integer, Boundary> partitions, Written written) throws Exception {
        for (Boundary b : partitions.values()) {
            if (written.holds(b.firstFlight(), b.firstVersion())) {
                return true;
            }
        }
        return false;
    }

    private static int lastWritten(Map<Integer, Boundary> partitions, Written written) throws Exception {
        int done = 0;
        for (Boundary b : partitions.values()) {
            done += written.holds(b.lastFlight(), b.lastVersion()) ? 1 : 0;
        }
        return done;
    }

    private static long version(String stored) {
        return stored == null ? -1 : Long.parseLong(stored);
    }

    /** A real-time GET: the document's version as soon as Elasticsearch has it, before a refresh. */
    private long documentVersion(ClusterProfile endpoints, String alias, long flightId) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(endpoints.elasticsearchUrl() + "/" + alias + "/_doc/" + flightId + "?_source=false"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()).path("_version").asLong(-1) : -1;
    }

    // --- Latency at a steady rate ------------------------------------------------------------------

    /** Milliseconds from the MySQL commit to the version being readable in each store. */
    record LatencyRun(int ratePerSecond, double achievedPerSecond, long changes, Percentiles commitToRedis,
                      Percentiles commitToSearchable) {
    }

    private LatencyRun latency(ClusterProfile endpoints, BookingWorkload workload, JedisPooled redis) throws Exception {
        LatencyRecorder toRedis = LatencyRecorder.inMillis();
        LatencyRecorder toSearch = LatencyRecorder.inMillis();
        MeasuredWindow window = steadyRate.window();
        AtomicLong arrived = new AtomicLong();
        try (ReadModelProbes probes = new ReadModelProbes(endpoints.elasticsearchUrl(), redis,
                (committed, latency) -> toRedis.record(latency), (committed, latency) -> toSearch.record(latency), console);
             Arrivals arrivals = new Arrivals(endpoints, List.of(FLIGHT_AVAILABILITY), arrival -> {
                 long committed = arrival.committedMillis();
                 if (window.holds(committed)) {
                     // Every fourth version is searched for: a sample keeps the probe's own load on Elasticsearch small.
                     probes.expect(new ReadModelProbes.Pending((Long) arrival.value().get("flightId"),
                             (Long) arrival.value().get("version"), committed), arrived.getAndIncrement() % 4 == 0);
                 }
             })) {
            long total = steadyRate.changes();
            double achieved = workload.drive(steadyRate.rate, total, window.fromMillis(), console, () -> String.format(Locale.ROOT,
                    "%,d in Redis, %,d searchable", toRedis.samples(), toSearch.samples()));
            arrivals.await(() -> probes.waitingForRedis() == 0 && probes.waitingForSearch() == 0
                            && window.reachedEnd(arrivals.newestSourceMillis(FLIGHT_AVAILABILITY)), Duration.ofSeconds(60), console,
                    "latency", () -> String.format(Locale.ROOT, "waiting for the last: %,d for Redis, %,d for search",
                            probes.waitingForRedis(), probes.waitingForSearch()));
            return new LatencyRun(steadyRate.rate, round(achieved), total, toRedis.percentiles(), toSearch.percentiles());
        }
    }

    static ElasticsearchClient elasticsearch(ClusterProfile endpoints) {
        Rest5Client rest = Rest5Client.builder(URI.create(endpoints.elasticsearchUrl())).build();
        return new ElasticsearchClient(new Rest5ClientTransport(rest, new JacksonJsonpMapper()));
    }

    // --- Report ------------------------------------------------------------------------------------

    record Report(String at, int cores, long records, int flights, Pass redisCeiling, Pass redisSink, double redisPercentOfCeiling,
                  Pass elasticsearchCeiling, Pass elasticsearchSink, double elasticsearchPercentOfCeiling, LatencyRun latency) {
    }

    private static String markdown(Report r) {
        StringBuilder md = new StringBuilder();
        md.append("# Read-model sinks benchmark ").append(r.at()).append(" (").append(r.cores()).append(" cores)\n\n");
        md.append(String.format(Locale.ROOT, "Input: %,d flight-availability records of %,d flights, versions interleaved.%n%n",
                r.records(), r.flights()));
        md.append(MarkdownTable.passes("pass over the same records", "vs. ceiling")
                .passRow(r.redisCeiling(), percent(r.redisCeiling(), r.redisCeiling()))
                .passRow(r.redisSink(), percent(r.redisSink(), r.redisCeiling()))
                .passRow(r.elasticsearchCeiling(), percent(r.elasticsearchCeiling(), r.elasticsearchCeiling()))
                .passRow(r.elasticsearchSink(), percent(r.elasticsearchSink(), r.elasticsearchCeiling())));
        LatencyRun l = r.latency();
        md.append(String.format(Locale.ROOT, "%nLatency at %d single-row booking changes/s (achieved %.0f/s), ms from the MySQL commit:%n%n",
                l.ratePerSecond(), l.achievedPerSecond()));
        md.append(MarkdownTable.latencies("stage")
                .latencyRow("commit → version in Redis", l.commitToRedis())
                .latencyRow("commit → searchable in Elasticsearch (alias flights)", l.commitToSearchable()));
        return md.toString();
    }
}
