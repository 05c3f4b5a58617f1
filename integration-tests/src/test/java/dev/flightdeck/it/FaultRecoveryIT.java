package dev.flightdeck.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.ops.reconcile.DeploymentReadModels;
import dev.flightdeck.ops.reconcile.Reconciler;
import dev.flightdeck.ops.status.SinkCounters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults while bookings flow, then recovery, then reconciliation: MySQL, the seat-availability
 * store, the flight-availability topic, Redis and Elasticsearch agree for every flight (so no
 * booking was lost or counted twice), and no dead-letter topic got a record from the outage.
 * Each scenario prints its time to recover and what the fault made the pipeline deliver again:
 * records written twice inside Kafka and aborted (Debezium's and seat-availability's
 * transactions), and flight versions redelivered to the sinks that their version guard skipped.
 * The table goes to the issue notes.
 */
@ExtendWith(SharedStack.class)
class FaultRecoveryIT {

    private static final double RATE = 60;
    private static final Duration BEFORE = Duration.ofSeconds(10);
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration SETTLE = Duration.ofMinutes(3);
    private static final List<String> DEAD_LETTERS =
            List.of("seat-availability-dlq", "anomaly-detector-dlq", "redis-sink-flights-dlq", "elasticsearch-sink-flights-dlq");
    private static final List<String> TABLE = new ArrayList<>();
    private static final Predicate<String> CDC_TOPICS = topic -> topic.startsWith("cdc.flights.");
    private static final Predicate<String> AVAILABILITY_TOPIC = "flight-availability"::equals;

    private final SharedStack stack = SharedStack.get();
    private final Progress progress = Progress.console(System.out);

    @AfterAll
    static void printTable() {
        System.out.println("\n| fault | outage under traffic | recovered in (restart → every model agrees) "
                + "| written again and aborted: CDC / flight-availability | redelivered to the sinks, skipped as not newer: Redis / Elasticsearch "
                + "| drift |\n|---|---:|---:|---:|---:|---:|");
        TABLE.forEach(System.out::println);
    }

    @Test
    void shouldRestoreSeatAvailabilityKilledMidStream() throws Exception {
        scenario("kill -9 seat-availability, restart", () -> stack.kill("seat-availability"),
                () -> restart("seat-availability"));
    }

    @Test
    void shouldResumeCaptureAndBothSinksAfterTheConnectWorkerIsKilled() throws Exception {
        scenario("kill -9 Connect (Debezium + both sinks), restart", () -> stack.kill("connect"),
                () -> restart("connect"));
    }

    @Test
    void shouldCatchUpAfterRedisWasStopped() throws Exception {
        scenario("Redis stopped 30 s", () -> stack.stop("redis"), () -> restart("redis"));
    }

    @Test
    void shouldLoseNothingWhenTheKafkaBrokerIsStoppedAndStartedAgain() throws Exception {
        // Everything else stays up: Debezium, both sinks and both Streams apps reconnect on their own.
        scenario("Kafka broker stopped 30 s, started again", () -> stack.stop("kafka"),
                () -> restart("kafka"));
    }

    @Test
    void shouldDeadLetterCorruptBytesAndAnUnknownSchemaIdAndLetTheRestFlow() throws Exception {
        Map<TopicPartition, Long> before = deadLetterEnds();
        // The flight topic: both Streams apps read it, and no other test decodes it from the start.
        String topic = "cdc.flights.flight";
        byte[] unknownSchema = ByteBuffer.allocate(9).put((byte) 0).putInt(987_654_321).putInt(42).array();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(stack.profile().kafkaClientConfig(Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)))) {
            producer.send(new ProducerRecord<>(topic, "poison-1".getBytes(StandardCharsets.UTF_8),
                    "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(topic, "poison-2".getBytes(StandardCharsets.UTF_8), unknownSchema)).get();
        }
        stack.simulateTraffic(RATE, Duration.ofSeconds(10));
        for (String app : List.of("seat-availability-dlq", "anomaly-detector-dlq")) {
            List<String> reasons = new ArrayList<>();
            try (CdcTopic deadLetters = new CdcTopic(stack.profile(), app, offsetsOf(before, app))) {
                deadLetters.forEachUntil(r -> reasons.add(reason(r)), () -> reasons.size() >= 2, Duration.ofMinutes(2));
            }
            assertThat(reasons).as(app).hasSize(2)
                    .anySatisfy(reason -> assertThat(reason).contains("not the Confluent magic byte"))
                    .anySatisfy(reason -> assertThat(reason).contains("987654321", "not in the registry"));
        }
        Reconciler.Report report = reconcile();
        assertThat(report.verdicts()).allSatisfy(v -> assertThat(v.drift()).as(v.model()).isEmpty());
    }

    /** Traffic; the fault; the outage under traffic; traffic stops; recovery; every model must agree with MySQL. */
    private void scenario(String fault, ThrowingRunnable inject, ThrowingRunnable recover) throws Exception {
        Map<TopicPartition, Long> deadLettersBefore = deadLetterEnds();
        ClusterProfile kafka = stack.profile();
        Map<TopicPartition, Long> cdcBefore = AbortedRecords.stableEnds(kafka, CDC_TOPICS);
        Map<TopicPartition, Long> availabilityBefore = AbortedRecords.stableEnds(kafka, AVAILABILITY_TOPIC);
        SinkCounters sinksBefore = stack.driver().sinkCounters();
        stack.startTraffic(RATE);
        try {
            stack.awaitTraffic(BEFORE);
            inject.run();
            stack.awaitTraffic(BEFORE.plus(OUTAGE));
        } finally {
            stack.stopTraffic();
        }
        long restarted = System.nanoTime();
        recover.run();
        Reconciler.Report report = reconcile();
        Duration recovered = Duration.ofNanos(System.nanoTime() - restarted);
        int drift = report.verdicts().stream().mapToInt(v -> v.drift().size()).sum();
        long cdcAborted = AbortedRecords.between(kafka, cdcBefore, AbortedRecords.stableEnds(kafka, CDC_TOPICS));
        long availabilityAborted = AbortedRecords.between(kafka, availabilityBefore, AbortedRecords.stableEnds(kafka, AVAILABILITY_TOPIC));
        SinkCounters sinks = stack.driver().sinkCounters().since(sinksBefore);
        long redisSkipped = sinks.skipped().getOrDefault("redis-sink-flights", 0L);
        long elasticsearchSkipped = sinks.skipped().getOrDefault("elasticsearch-sink-flights", 0L);
        TABLE.add(String.format("| %s | %d s | %.1f s | %,d / %,d | %,d / %,d | %d |", fault, OUTAGE.toSeconds(), recovered.toMillis() / 1000.0,
                cdcAborted, availabilityAborted, redisSkipped, elasticsearchSkipped, drift));
        System.out.printf("%s: recovered in %.1f s; written again and aborted: %,d CDC records, %,d flight-availability records; "
                        + "redelivered to the sinks and skipped as not newer: Redis %,d, Elasticsearch %,d (written %s); drift %d%n",
                fault, recovered.toMillis() / 1000.0, cdcAborted, availabilityAborted, redisSkipped, elasticsearchSkipped, sinks.written(), drift);
        assertThat(sinks.written()).as("flight versions each sink wrote during the scenario, from the worker's metrics")
                .containsKeys("redis-sink-flights", "elasticsearch-sink-flights").allSatisfy((sink, written) -> assertThat(written).as(sink).isPositive());
        assertThat(report.verdicts()).hasSize(4).allSatisfy(v -> assertThat(v.drift()).as(v.model() + " vs MySQL").isEmpty());
        assertThat(deadLetterEnds()).as("nothing dead-lettered because of the outage").isEqualTo(deadLettersBefore);
    }

    private void restart(String service) {
        stack.start(service);
    }

    private Reconciler.Report reconcile() throws Exception {
        DeploymentReadModels models = DeploymentReadModels.of(stack.profile());
        assertThat(models.skipped()).isEmpty();
        return models.reconciler().run(SETTLE, true, progress);
    }

    private Map<TopicPartition, Long> deadLetterEnds() throws Exception {
        try (Admin admin = stack.profile().admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(DEAD_LETTERS).allTopicNames().get().forEach((topic, description) -> description.partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((p, info) -> ends.put(p, info.offset()));
            return ends;
        }
    }

    private static Map<TopicPartition, Long> offsetsOf(Map<TopicPartition, Long> offsets, String topic) {
        Map<TopicPartition, Long> of = new HashMap<>();
        offsets.forEach((p, offset) -> {
            if (p.topic().equals(topic)) {
                of.put(p, offset);
            }
        });
        return of;
    }

    /** The exception message Kafka Streams put in the dead letter's headers. */
    private static String reason(ConsumerRecord<byte[], byte[]> deadLetter) {
        var header = deadLetter.headers().lastHeader("__streams.errors.message");
        return header == null ? "(no __streams.errors.message header)" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
