package dev.flightdeck.ops.reconcile;

import dev.flightdeck.cdc.ConfluentAvroDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The compacted flight-availability topic read from the start to its end (read_committed): per
 * flight the record of the highest version, a tombstone removing it. What a new consumer rebuilds.
 */
public final class AvailabilityTopic implements ReadModel {

    private final Map<String, Object> kafka;
    private final ConfluentAvroDecoder avro;
    private final String topic;

    /** @param kafka a Kafka client config (bootstrap servers, security) */
    public AvailabilityTopic(Map<String, Object> kafka, ConfluentAvroDecoder avro, String topic) {
        this.kafka = Map.copyOf(kafka);
        this.avro = avro;
        this.topic = topic;
    }

    @Override
    public String name() {
        return "topic " + topic;
    }

    @Override
    public Map<Long, FlightCounts> read(MysqlTruth truth) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        Map<Long, Long> versions = new HashMap<>();
        Map<Long, FlightCounts> flights = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(10)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist: is seat-availability running?");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    long flightId = ((Number) avro.decode(record.key()).datum()).longValue();
                    if (record.value() == null) {
                        flights.remove(flightId);
                        versions.remove(flightId);
                        continue;
                    }
                    GenericRecord value = avro.decode(record.value()).record();
                    long version = (Long) value.get("version");
                    if (version > versions.getOrDefault(flightId, -1L)) {
                        versions.put(flightId, version);
                        flights.put(flightId, FlightCounts.fromAvro(value));
                    }
                }
            }
        }
        return flights;
    }
}
