package dev.flightdeck.compose.driver;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A producer as careful as Debezium's and the apps' ({@code acks=all}, idempotent) writing numbered
 * records to {@code cluster-probe} at a steady pace while a scenario runs, one partition led by each
 * broker. It records which sends were acknowledged, when, and how long each took; afterwards the
 * topic is read back: every acknowledged number must be there, and no number twice.
 */
public final class AckedWrites implements AutoCloseable {

    public static final String TOPIC = "cluster-probe";
    private static final int PARTITIONS = 3;

    /** One send: when it was handed to the producer and, if acknowledged, when. */
    public record Send(long sequence, long sentNanos, long ackedNanos, String failure) {
        public boolean acked() {
            return failure == null;
        }
    }

    private final Map<String, Object> kafka;
    private final String run;
    private final KafkaProducer<String, String> producer;
    private final Map<Long, Send> sends = new ConcurrentHashMap<>();
    private final Recorder latency = new Recorder(3);
    private final AtomicLong next = new AtomicLong();
    private final Thread sender;
    private volatile boolean stopped;

    /** How long making the probe topic is retried: the cluster has just started and its brokers are busy. */
    private static final Duration CREATE_TOPIC_DEADLINE = Duration.ofMinutes(2);

    /**
     * Creates the probe topic (RF 3: the brokers' default) when missing. A request that times out or
     * loses its broker is sent again until {@link #CREATE_TOPIC_DEADLINE}: right after
     * {@code docker-compose up} a broker busy with TLS handshakes may drop the first one.
     */
    public static void createTopic(Admin admin) {
        await("the probe topic " + TOPIC + " made").atMost(CREATE_TOPIC_DEADLINE).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(2))
                .ignoreExceptionsMatching(e -> e instanceof ExecutionException && e.getCause() instanceof RetriableException)
                .until(() -> {
                    createTopicOnce(admin);
                    return true;
                });
    }

    private static void createTopicOnce(Admin admin) throws Exception {
        Map<Integer, List<Integer>> assignment = new HashMap<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            List<Integer> replicas = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                replicas.add((partition + i) % 3 + 1); // partition p led by broker p+1, followed by the other two
            }
            assignment.put(partition, replicas);
        }
        try {
            admin.createTopics(List.of(new NewTopic(TOPIC, assignment))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** {@code kafka}: client settings (bootstrap servers, login) of a user that may make and write the probe's topic. */
    public AckedWrites(Map<String, Object> kafka, String run, double perSecond, Duration deliveryTimeout) {
        this.kafka = kafka;
        this.run = run;
        this.producer = new KafkaProducer<>(with(kafka, Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)));
        long intervalNanos = (long) (1e9 / perSecond);
        this.sender = new Thread(() -> {
            long due = System.nanoTime();
            while (!stopped) {
                send();
                due += intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(Duration.ofNanos(wait));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "acked-writes-" + run);
        sender.setDaemon(true);
        sender.start();
    }

    private void send() {
        long sequence = next.getAndIncrement();
        long sent = System.nanoTime();
        try {
            producer.send(new ProducerRecord<>(TOPIC, (int) (sequence % PARTITIONS), run, Long.toString(sequence)), (metadata, error) -> {
                long now = System.nanoTime();
                sends.put(sequence, new Send(sequence, sent, now, error == null ? null : error.getClass().getSimpleName()));
                if (error == null) {
                    latency.recordValue(Math.max(1, (now - sent) / 1_000));
                }
            });
        } catch (RuntimeException e) {
            sends.put(sequence, new Send(sequence, sent, System.nanoTime(), e.getClass().getSimpleName()));
        }
    }

    /** Latencies (µs) of the sends acknowledged since the previous call. */
    public Histogram latencySinceLastCall() {
        return latency.getIntervalHistogram();
    }

    /** Stops sending and waits until every send has its outcome. */
    public void stop() {
        stopped = true;
        try {
            sender.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.flush();
    }

    /** Sends handed to the producer so far, whether or not their outcome is known yet. */
    public long tried() {
        return next.get();
    }

    public List<Send> sends() {
        return List.copyOf(sends.values());
    }

    private static Map<String, Object> with(Map<String, Object> base, Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>(base);
        config.putAll(settings);
        return config;
    }

    /** Reads the topic back: what each number of this run was found as. */
    public Readback readBack() {
        Set<Long> seen = new ConcurrentSkipListSet<>();
        long duplicates = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(with(kafka, Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class)))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(TOPIC, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + TOPIC + " to its end in 2 minutes");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (run.equals(record.key()) && !seen.add(Long.parseLong(record.value()))) {
                        duplicates++;
                    }
                }
            }
        }
        long lost = sends.values().stream().filter(s -> s.acked() && !seen.contains(s.sequence())).count();
        return new Readback(seen.size(), lost, duplicates);
    }

    /**
     * Asks whether the cluster takes an {@code acks=all} write on every partition of the probe's topic
     * now, with a producer of its own that keeps no state between questions (not idempotent, no
     * retries). The probe's idempotent producer is a worse judge of that: after its sends expired in
     * an outage it first settles their sequences and may bump its epoch, so it had a send acknowledged
     * 6–9 s after the cluster took writes again. Its records carry a key of their own, which
     * {@link #readBack} skips.
     */
    public static final class WriteCheck implements AutoCloseable {
        private static final String KEY = "write-check";
        private final KafkaProducer<String, String> producer;

        public WriteCheck(Map<String, Object> kafka) {
            producer = new KafkaProducer<>(with(kafka, Map.of(
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                    ProducerConfig.RETRIES_CONFIG, 0,
                    ProducerConfig.LINGER_MS_CONFIG, 0,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)));
        }

        /** True when one write to each partition was acknowledged by its in-sync replicas. */
        public boolean acceptsWrites() throws InterruptedException {
            List<Future<RecordMetadata>> writes = new ArrayList<>();
            try {
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    writes.add(producer.send(new ProducerRecord<>(TOPIC, partition, KEY, Long.toString(System.currentTimeMillis()))));
                }
                for (Future<RecordMetadata> write : writes) {
                    write.get(10, TimeUnit.SECONDS);
                }
                return true;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                return false;
            }
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Distinct numbers found, acknowledged ones missing, numbers found more than once. */
    public record Readback(long found, long lost, long duplicates) {}

    @Override
    public void close() {
        stopped = true;
        producer.close(Duration.ofSeconds(10));
    }
}
