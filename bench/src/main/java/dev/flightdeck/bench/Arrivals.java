package dev.flightdeck.bench;

import dev.flightdeck.cdc.ConfluentAvroDecoder;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.clients.ClusterProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads topics from their end (read_committed), decodes each value and hands it over with its arrival time. */
final class Arrivals implements AutoCloseable {
    /** Null: count arrivals without decoding them. */
    interface Listener {
        void arrived(String topic, GenericRecord value, long arrivedAtMillis);
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final AtomicLong count = new AtomicLong();
    private final Map<String, Long> newestSourceMillis = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long lastArrivalNanos;
    private volatile boolean running = true;
    private volatile Exception failure;

    Arrivals(ClusterProfile endpoints, List<String> topics, Listener listener) {
        ConfluentAvroDecoder avro = endpoints.registry().avroDecoder();
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers());
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
        partitions.forEach(consumer::position); // from now on, before anything is written
        thread = new Thread(() -> {
            try {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                        long now = System.currentTimeMillis();
                        if (listener != null && r.value() != null) {
                            GenericRecord value = avro.decode(r.value()).record();
                            listener.arrived(r.topic(), value, now);
                            Object source = value.hasField("sourceTimestamp") ? value.get("sourceTimestamp") : null;
                            if (source != null) {
                                newestSourceMillis.merge(r.topic(), BenchSupport.millis(source), Math::max);
                            }
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

    long count() {
        return count.get();
    }

    long lastArrivalNanos() {
        return lastArrivalNanos;
    }

    long newestValueMillis(String topic) {
        return newestSourceMillis.getOrDefault(topic, 0L);
    }

    void await(java.util.function.BooleanSupplier done, Duration timeout, Progress console, String phase,
               java.util.function.Supplier<String> state) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
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
