package dev.flightdeck.stack;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a Kafka Streams application is behind: records between its group's committed offsets
 * and the end (last stable offset) of every partition it reads, its own repartition topics
 * included. Zero means everything written so far is processed and committed.
 */
public final class ConsumerLag {

    private ConsumerLag() {
    }

    public static long of(Admin admin, String applicationId, Collection<String> inputTopics)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
        for (String topic : admin.listTopics().names().get()) {
            if (inputTopics.contains(topic) || topic.startsWith(applicationId + "-") && topic.endsWith("-repartition")) {
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .forEach(p -> wanted.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            }
        }
        long behind = 0;
        var ends = admin.listOffsets(wanted, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
        for (var end : ends.entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            behind += Math.max(0, end.getValue().offset() - (at == null ? 0 : at.offset()));
        }
        return behind;
    }
}
