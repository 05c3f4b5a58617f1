package dev.flightdeck.it;

import dev.flightdeck.clients.ClusterProfile;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Records written inside transactions that were then aborted: the work a fault made a
 * transactional producer (Debezium under exactly-once source, a Streams app) do again. A
 * read_committed reader never sees them, so they cost time, not correctness; counting them
 * shows how much was redelivered inside Kafka.
 */
final class AbortedRecords {

    private AbortedRecords() {
    }

    /** Last stable offsets now (the end a read_committed reader can reach) of every partition of the matching topics. */
    static Map<TopicPartition, Long> stableEnds(ClusterProfile profile, Predicate<String> topics) throws Exception {
        try (Admin admin = profile.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            var names = admin.listTopics().names().get().stream().filter(topics).toList();
            admin.describeTopics(names).allTopicNames().get().forEach((topic, description) -> description.partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                    .forEach((p, info) -> ends.put(p, info.offset()));
            return ends;
        }
    }

    /** Records in [from, to) that read_uncommitted returns and read_committed does not (partitions new since {@code from}: from 0). */
    static long between(ClusterProfile profile, Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        return count(profile, from, to, IsolationLevel.READ_UNCOMMITTED) - count(profile, from, to, IsolationLevel.READ_COMMITTED);
    }

    private static long count(ClusterProfile profile, Map<TopicPartition, Long> from, Map<TopicPartition, Long> to, IsolationLevel isolation) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(profile.kafkaClientConfig(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "it-aborted-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(to.keySet());
            to.keySet().forEach(p -> consumer.seek(p, from.getOrDefault(p, 0L)));
            long counted = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (to.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + isolation + " up to " + to + " within 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < to.get(new TopicPartition(record.topic(), record.partition()))) {
                        counted++;
                    }
                }
            }
            return counted;
        }
    }
}
