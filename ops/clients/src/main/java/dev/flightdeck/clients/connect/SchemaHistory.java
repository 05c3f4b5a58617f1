package dev.flightdeck.clients.connect;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flightdeck.cdc.DdlEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest DDL statement on a table, from the tail of a Debezium connector's schema history
 * topic: what a capture failure is explained and recovered with. Not the schema-change topic: with
 * exactly-once capture, a statement whose new schema the registry refused is rolled back there
 * together with the rows after it, while the history (written first, on its own) keeps it.
 */
public final class SchemaHistory {

    private static final Logger log = LoggerFactory.getLogger(SchemaHistory.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STATEMENTS = 500;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, Object> kafka;

    /** @param kafka a Kafka client config: bootstrap servers and security settings */
    public SchemaHistory(Map<String, Object> kafka) {
        this.kafka = Map.copyOf(kafka);
    }

    /** Empty when the topic holds no statement on the table among its newest, or cannot be read (logged). */
    public Optional<DdlEvent> lastOn(String historyTopic, String table) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "schema-history-reader-" + UUID.randomUUID()); // assigned, never committed
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(historyTopic, READ_TIMEOUT).stream()
                    .map(p -> new TopicPartition(historyTopic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, READ_TIMEOUT);
            ends.forEach((partition, end) -> consumer.seek(partition, Math.max(begins.get(partition), end - STATEMENTS)));
            DdlEvent newest = null;
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    DdlEvent event = DdlEvent.ofHistory(JSON.readTree(record.value()));
                    if (event.touches(table)) {
                        newest = event; // the history topic has one partition, in binlog order
                    }
                }
            }
            return Optional.ofNullable(newest);
        } catch (IOException | RuntimeException e) {
            log.warn("could not read the DDL on {} from {}: {}", table, historyTopic, e.toString());
            return Optional.empty();
        }
    }
}
