package dev.flightdeck.ops.alerts;

import dev.flightdeck.cdc.ConfluentAvroDecoder;
import dev.flightdeck.ops.OpsException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The alerts topic as ops read it: every alert since a time, across partitions in time order, then
 * (when asked) new ones as they come. Alerts are written in transactions: read committed only.
 */
public final class AlertLog implements AutoCloseable {

    /** How long reading what was already there may take before the command gives up, naming the topic. */
    static final Duration BACKLOG_DEADLINE = Duration.ofSeconds(60);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ConfluentAvroDecoder avro;
    private final String topic;

    /** @param kafka a Kafka client config (bootstrap servers, security) */
    public AlertLog(Map<String, Object> kafka, ConfluentAvroDecoder avro, String topic) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.avro = avro;
        this.topic = topic;
    }

    /** Hands every alert written since {@code from} to {@code sink} in time order; returns how many there were. */
    public int backlog(Instant from, Consumer<GenericRecord> sink) {
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic, Duration.ofSeconds(10)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        if (partitions.isEmpty()) {
            throw new OpsException("topic " + topic + " does not exist: is anomaly-detector running?");
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> at = new HashMap<>();
        partitions.forEach(p -> at.put(p, from.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(at);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp start = starts.get(p);
            consumer.seek(p, start == null ? ends.get(p) : start.offset());
        }
        List<ConsumerRecord<byte[], byte[]>> backlog = new ArrayList<>();
        long deadline = System.nanoTime() + BACKLOG_DEADLINE.toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new OpsException("reading the alerts of " + topic + " since " + from + " took longer than "
                        + BACKLOG_DEADLINE.toSeconds() + " s; ask for a shorter span with --since");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(backlog::add);
        }
        backlog.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
        int alerts = 0;
        for (ConsumerRecord<byte[], byte[]> record : backlog) {
            if (record.value() != null) {
                sink.accept(avro.decode(record.value()).record());
                alerts++;
            }
        }
        return alerts;
    }

    /** After {@link #backlog}: hands new alerts to {@code sink} until the thread is interrupted. */
    public void follow(Consumer<GenericRecord> sink) {
        while (!Thread.currentThread().isInterrupted()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.value() != null) {
                    sink.accept(avro.decode(record.value()).record());
                }
            }
        }
    }

    /** "30m", "24h", "7d" back from now, or an ISO-8601 instant. */
    public static Instant since(String since, Instant now) {
        String text = since.trim();
        if (text.matches("\\d+[smhd]")) {
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            Duration back = switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return now.minus(back);
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since '" + since + "' is neither a duration (30m, 24h, 7d) nor a UTC time "
                    + "such as 2026-11-30T08:00:00Z");
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
