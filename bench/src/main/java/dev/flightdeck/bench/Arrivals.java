package dev.flightdeck.bench;

import dev.flightdeck.cdc.ConfluentAvroDecoder;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.ops.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What arrives on some topics from now on, as a read_committed consumer sees it: every record is
 * counted, and each one with a value is handed to the listener with its arrival time. Keys and
 * values are decoded only when the listener asks, so that counting costs the measured stack nothing.
 */
final class Arrivals implements AutoCloseable {

    interface Listener {
        void arrived(Arrival arrival) throws Exception;
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** One record as it arrived here, by both clocks. */
    final class Arrival {
        private final ConsumerRecord<byte[], byte[]> record;
        private final long atNanos = System.nanoTime();
        private final long atMillis = System.currentTimeMillis();
        private GenericRecord value;

        private Arrival(ConsumerRecord<byte[], byte[]> record) {
            this.record = record;
        }

        String topic() {
            return record.topic();
        }

        long atNanos() {
            return atNanos;
        }

        long atMillis() {
            return atMillis;
        }

        /** The record's Kafka timestamp: when its producer (Connect's, for a Debezium change) took it. */
        long producedAtMillis() {
            return record.timestamp();
        }

        GenericRecord key() {
            return avro.decode(record.key()).record();
        }

        GenericRecord value() {
            if (value == null) {
                value = avro.decode(record.value()).record();
                Object source = value.hasField("sourceTimestamp") ? value.get("sourceTimestamp") : null;
                if (source != null) {
                    newestSourceMillis.merge(topic(), BenchSupport.millis(source), Math::max);
                }
            }
            return value;
        }

        /** When MySQL committed the change behind this record: a Debezium change's source.ts_ms, or a derived record's sourceTimestamp. */
        long committedMillis() {
            GenericRecord decoded = value();
            return decoded.hasField("sourceTimestamp") ? BenchSupport.millis(decoded.get("sourceTimestamp"))
                    : (Long) ((GenericRecord) decoded.get("source")).get("ts_ms");
        }
    }

    private final ConfluentAvroDecoder avro;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final AtomicLong count = new AtomicLong();
    private final Map<String, Long> newestSourceMillis = new ConcurrentHashMap<>();
    private volatile long lastArrivalNanos;
    private volatile boolean running = true;
    private volatile Exception failure;

    /** Counts what arrives, decoding nothing. */
    static Arrivals counting(ClusterProfile endpoints, List<String> topics) {
        return new Arrivals(endpoints, topics, null);
    }

    /** Hands every record with a value to {@code listener}, on the reader's thread. */
    Arrivals(ClusterProfile endpoints, List<String> topics, Listener listener) {
        avro = endpoints.registry().avroDecoder();
        Properties config = new Properties();
        config.putAll(endpoints.kafkaClientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolves the end now, before anything measured is written
        thread = new Thread(() -> {
            try {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                        if (listener != null && r.value() != null) {
                            listener.arrived(new Arrival(r));
                        }
                        count.incrementAndGet();
                        lastArrivalNanos = System.nanoTime();
                    }
                }
            } catch (Exception e) {
                failure = e;
            }
        }, "bench-arrivals");
        thread.start();
    }

    /** Records arrived, tombstones included. */
    long count() {
        return count.get();
    }

    long lastArrivalNanos() {
        return lastArrivalNanos;
    }

    /** The newest sourceTimestamp among the values the listener read on this topic; 0 before any. */
    long newestSourceMillis(String topic) {
        return newestSourceMillis.getOrDefault(topic, 0L);
    }

    /**
     * Waits until {@code done} holds, showing {@code state} every 100 ms; fails with the reader's own
     * failure, or with the state once {@code timeout} has passed.
     */
    void await(Condition done, Duration timeout, Progress console, String phase, Supplier<String> state) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.holds()) {
            if (failure != null) {
                throw failure;
            }
            BenchSupport.check(deadline, phase + ": " + state.get() + " after " + timeout.toSeconds() + " s");
            console.update(phase, state.get());
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
        consumer.close();
    }
}
