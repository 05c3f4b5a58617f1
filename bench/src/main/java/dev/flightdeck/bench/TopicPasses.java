package dev.flightdeck.bench;

import static dev.flightdeck.bench.BenchSupport.round;
import static dev.flightdeck.bench.BenchSupport.seconds;

import dev.flightdeck.cdc.flights.BookingChange;
import dev.flightdeck.cdc.flights.BookingRow;
import dev.flightdeck.cdc.flights.FlightsChanges;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.ops.kafka.ConsumerLag;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Readers passing over the same input topics from the start, timed alike, so that a Streams app's
 * rate stands next to its ceilings: a plain consumer, and any Streams topology (until its group's
 * committed offsets reach the end of every input and internal partition).
 */
final class TopicPasses {

    /** One pass: records read and the rate from the first fetch (or RUNNING) to the end. */
    record Pass(String name, long records, double seconds, double recordsPerSecond) {
    }

    interface Starter {
        void start() throws Exception;
    }

    private final Map<String, Object> kafka;
    private final List<String> topics;
    private final Progress console;
    private final long commitIntervalMs;

    /** With the reference Streams passes committing every 100 ms. */
    TopicPasses(ClusterProfile profile, List<String> topics, Progress console) {
        this(profile, topics, console, 100);
    }

    /** With the commit interval of the reference Streams passes. */
    TopicPasses(ClusterProfile profile, List<String> topics, Progress console, long commitIntervalMs) {
        this.kafka = profile.kafkaClientConfig();
        this.topics = List.copyOf(topics);
        this.console = console;
        this.commitIntervalMs = commitIntervalMs;
    }

    /** A read_committed consumer reading every partition of the topics to the end offsets it found at the start. */
    Pass plainConsumer() {
        Properties config = new Properties();
        config.putAll(kafka);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long records = 0;
            long start = System.nanoTime();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                records += consumer.poll(Duration.ofMillis(100)).count();
                console.update("plain consumer", String.format(Locale.ROOT, "%,d records", records));
            }
            double took = seconds(System.nanoTime() - start);
            return new Pass("plain consumer", records, round(took), round(records / took));
        }
    }

    /**
     * What a Streams application wrote to Kafka, per topic: offsets of its internal topics
     * (changelogs, repartition topics, all named after its application id) and of {@code outputs}.
     * Counted by offsets because Kafka Streams purges its repartition topics and compacts its
     * changelogs as it goes; offsets include one commit marker per partition per transaction.
     */
    Map<String, Long> written(Admin admin, String applicationId, List<String> outputs) throws Exception {
        List<String> written = admin.listTopics().names().get().stream()
                .filter(topic -> topic.startsWith(applicationId + "-") || outputs.contains(topic)).sorted().toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(written).allTopicNames().get().forEach((topic, description) -> description.partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        Map<String, Long> offsets = new TreeMap<>();
        admin.listOffsets(latest).all().get().forEach((partition, info) ->
                offsets.merge(partition.topic().startsWith(applicationId + "-")
                        ? partition.topic().substring(applicationId.length() + 1) : partition.topic(), info.offset(), Long::sum));
        return offsets;
    }

    /**
     * The ceiling of any exactly-once Streams app over these topics: records counted per key into
     * RocksDB, exactly_once_v2, committing at the apps' interval, nothing decoded.
     */
    Pass minimalAggregate(Admin admin, String applicationId, Path stateDir, long records, int threads) throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topics, Consumed.with(Serdes.Bytes(), Serdes.Bytes()))
                .groupByKey()
                .count(Materialized.<Bytes, Long, KeyValueStore<Bytes, byte[]>>as("counts")
                        .withKeySerde(Serdes.Bytes()).withValueSerde(Serdes.Long()));
        try (KafkaStreams streams = new KafkaStreams(builder.build(), exactlyOnce(applicationId, stateDir, threads))) {
            return streams("minimal exactly-once aggregate", admin, applicationId, records, streams::start, () -> streams);
        }
    }

    /**
     * The least any per-flight view of these topics must do: decode each booking change (Avro
     * through the registry, with the model both apps share), key it by its flight (one
     * repartition, as the CDC topic is keyed by booking) and count per flight, exactly once; the
     * other tables are counted by key as in the minimal aggregate. Between the minimal aggregate
     * and this pass lies what the data contract costs; between this pass and the topology, what
     * the topology itself does.
     */
    Pass perFlightAggregate(Admin admin, String applicationId, Path stateDir, long records, int threads, String bookings,
                            FlightsChanges changes) throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(bookings, Consumed.with(Serdes.Bytes(), Serdes.ByteArray()))
                .filter((key, value) -> value != null) // the tombstone after a delete
                .map((key, value) -> {
                    BookingChange change = changes.booking(value);
                    BookingRow booking = change.after() != null ? change.after() : change.before();
                    return KeyValue.pair(booking.flightId(), booking.id());
                })
                .groupByKey(Grouped.with("bookings-by-flight", Serdes.Long(), Serdes.Long()))
                .count(Materialized.<Long, Long, KeyValueStore<Bytes, byte[]>>as("bookings-per-flight")
                        .withKeySerde(Serdes.Long()).withValueSerde(Serdes.Long()));
        builder.stream(topics.stream().filter(topic -> !topic.equals(bookings)).toList(), Consumed.with(Serdes.Bytes(), Serdes.Bytes()))
                .groupByKey()
                .count(Materialized.<Bytes, Long, KeyValueStore<Bytes, byte[]>>as("counts")
                        .withKeySerde(Serdes.Bytes()).withValueSerde(Serdes.Long()));
        try (KafkaStreams streams = new KafkaStreams(builder.build(), exactlyOnce(applicationId, stateDir, threads))) {
            return streams("per-flight exactly-once aggregate", admin, applicationId, records, streams::start, () -> streams);
        }
    }

    /** The settings both reference topologies run with: the seat-availability app's guarantee, and the same commit interval. */
    private Properties exactlyOnce(String applicationId, Path stateDir, int threads) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.putAll(kafka);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        return p;
    }

    /** The pass of median rate (the lower middle one of an even number). */
    static Pass median(List<Pass> passes) {
        List<Pass> sorted = passes.stream().sorted(Comparator.comparingDouble(Pass::recordsPerSecond)).toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    /**
     * Starts a Streams app and times it from RUNNING until its group's committed offsets reach the
     * end of every input and internal (repartition) partition: everything read, processed and committed.
     */
    Pass streams(String name, Admin admin, String applicationId, long records, Starter starter, Supplier<KafkaStreams> streams)
            throws Exception {
        starter.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        while (streams.get().state() != KafkaStreams.State.RUNNING) {
            BenchSupport.check(deadline, name + " did not reach RUNNING");
            console.update(name, "starting: " + streams.get().state());
            TimeUnit.MILLISECONDS.sleep(20);
        }
        long start = System.nanoTime();
        long behind;
        while ((behind = ConsumerLag.of(admin, applicationId, topics)) > 0) {
            BenchSupport.check(deadline, name + " did not catch up");
            console.update(name, String.format(Locale.ROOT, "%,d records behind", behind));
            TimeUnit.MILLISECONDS.sleep(50);
        }
        double took = seconds(System.nanoTime() - start);
        return new Pass(name, records, round(took), round(records / took));
    }
}
