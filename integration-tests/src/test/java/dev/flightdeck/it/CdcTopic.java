package dev.flightdeck.it;

import dev.flightdeck.clients.ClusterProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic's raw records from the beginning (or given offsets) with a plain consumer (no group, no serde). */
final class CdcTopic implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();

    CdcTopic(ClusterProfile profile, String topic) {
        this(profile, topic, null);
    }

    /** From the given offsets (partitions not named: from the beginning). */
    CdcTopic(ClusterProfile profile, String topic, Map<TopicPartition, Long> from) {
        consumer = new KafkaConsumer<>(profile.kafkaClientConfig(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (partitions.isEmpty()) {
            consumer.partitionsFor(topic, Duration.ofSeconds(5)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            if (partitions.isEmpty() && System.nanoTime() > deadline) {
                throw new AssertionError("topic " + topic + " does not exist after 60 s");
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        if (from != null) {
            from.forEach(consumer::seek);
        }
    }

    /** The topic's end offsets now: read from there, a test sees only what comes after this moment. */
    static Map<TopicPartition, Long> ends(ClusterProfile profile, String topic) {
        try (CdcTopic reader = new CdcTopic(profile, topic)) {
            return reader.consumer.endOffsets(reader.consumer.assignment());
        }
    }

    /** Polls until some record read so far matches, or fails after the timeout. Returns everything read. */
    List<ConsumerRecord<byte[], byte[]>> readUntil(Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(seen)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout + " after reading " + seen.size() + " records");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return seen;
    }

    /** Hands each new record to {@code each} until {@code done} holds, or fails after the timeout. */
    void forEachUntil(java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each,
                      java.util.function.BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(each);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
