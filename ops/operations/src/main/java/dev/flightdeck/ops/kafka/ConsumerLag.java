package dev.flightdeck.ops.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How far a consumer group is behind: records between its committed offsets and the end (last
 * stable offset) of every partition it reads, a Streams application's own repartition topics
 * included. Zero means everything written so far is processed and committed.
 */
public final class ConsumerLag {

    /** Below this many offsets behind, the records in between are counted one by one (see {@link #ofConnectSink}). */
    private static final long COUNT_EXACTLY_BELOW = 10_000;

    private ConsumerLag() {
    }

    /**
     * Any group's lag over the topics it has committed offsets on (-1 when it has none): a Connect
     * sink's group ({@code connect-NAME}) counted as {@link #ofConnectSink} does.
     */
    public static long ofGroup(Admin admin, Map<String, Object> kafka, String group) throws ExecutionException, InterruptedException {
        Set<String> topics = new TreeSet<>();
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().keySet().forEach(p -> topics.add(p.topic()));
        if (topics.isEmpty()) {
            return -1;
        }
        return group.startsWith("connect-") ? ofConnectSink(admin, kafka, group, topics) : of(admin, group, topics);
    }

    public static long of(Admin admin, String applicationId, Collection<String> inputTopics)
            throws ExecutionException, InterruptedException {
        return of(admin, applicationId, inputTopics, Map.of());
    }

    /**
     * The end offsets (last stable) of everything a group reads, now: a fixed mark to catch up
     * with while writes go on (a lag of zero is a moving target under live traffic).
     */
    public static Map<TopicPartition, Long> ends(Admin admin, String group, Collection<String> topics)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> ends = new HashMap<>();
        gaps(admin, group, topics, Map.of()).forEach((partition, gap) -> ends.put(partition, gap[1]));
        return ends;
    }

    /** Records behind the mark {@code upTo} (from {@link #ends}); partitions it lacks count to their end now. */
    public static long of(Admin admin, String applicationId, Collection<String> inputTopics, Map<TopicPartition, Long> upTo)
            throws ExecutionException, InterruptedException {
        long behind = 0;
        for (Map.Entry<TopicPartition, long[]> gap : gaps(admin, applicationId, inputTopics, upTo).entrySet()) {
            behind += gap.getValue()[1] - gap.getValue()[0];
        }
        return behind;
    }

    /**
     * The lag of a Connect sink's group ({@code connect-NAME}). A sink commits the offset after the
     * last record it was given, not the consumer's position, so on a topic written in transactions
     * the commit markers after the last records look like lag that never goes away. Near the end,
     * this reads what lies between (read_committed) and counts only records.
     */
    public static long ofConnectSink(Admin admin, Map<String, Object> kafka, String group, Collection<String> topics)
            throws ExecutionException, InterruptedException {
        return ofConnectSink(admin, kafka, group, topics, Map.of());
    }

    /** The same, behind the mark {@code upTo} (from {@link #ends}). */
    public static long ofConnectSink(Admin admin, Map<String, Object> kafka, String group, Collection<String> topics,
                                     Map<TopicPartition, Long> upTo) throws ExecutionException, InterruptedException {
        long behind = 0;
        Map<TopicPartition, long[]> near = new HashMap<>();
        for (Map.Entry<TopicPartition, long[]> gap : gaps(admin, group, topics, upTo).entrySet()) {
            long offsets = gap.getValue()[1] - gap.getValue()[0];
            if (offsets >= COUNT_EXACTLY_BELOW) {
                behind += offsets;
            } else if (offsets > 0) {
                near.put(gap.getKey(), gap.getValue());
            }
        }
        if (near.isEmpty()) {
            return behind;
        }
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(near.keySet());
            near.forEach((partition, range) -> consumer.seek(partition, range[0]));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (near.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue()[1])
                    && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < near.get(partition)[1]) {
                        behind++;
                    }
                }
            }
        }
        return behind;
    }

    /** Per partition: {committed offset (0 if none), the mark in {@code upTo} or else the end offset (read_committed)}. */
    private static Map<TopicPartition, long[]> gaps(Admin admin, String group, Collection<String> topics, Map<TopicPartition, Long> upTo)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
        for (String topic : admin.listTopics().names().get()) {
            if (topics.contains(topic) || topic.startsWith(group + "-") && topic.endsWith("-repartition")) {
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .forEach(p -> wanted.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            }
        }
        Map<TopicPartition, long[]> gaps = new HashMap<>();
        var ends = admin.listOffsets(wanted, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
        for (var end : ends.entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            long from = at == null ? 0 : at.offset();
            long to = upTo.getOrDefault(end.getKey(), end.getValue().offset());
            gaps.put(end.getKey(), new long[] {from, Math.max(from, to)});
        }
        return gaps;
    }
}
