package dev.flightdeck.stack.cli;

import dev.flightdeck.cdc.ConfluentAvroDecoder;
import dev.flightdeck.stack.StackEndpoints;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "alerts", description = "Prints the alerts of the anomalies topic as readable lines: time, severity, type, "
        + "flight/route/table, observed vs expected, and why. --follow keeps printing new ones.")
final class AlertsCommand implements Callable<Integer> {

    @ParentCommand
    FlightdeckCli cli;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new alerts until interrupted.")
    boolean follow;

    @Option(names = "--since", defaultValue = "24h", paramLabel = "WHEN",
            description = "From when: a duration back from now (30m, 24h, 7d) or a UTC time (2026-11-30T08:00:00Z); default: ${DEFAULT-VALUE}.")
    String since;

    @Option(names = "--topic", defaultValue = "anomalies", description = "The alerts topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Override
    public Integer call() throws Exception {
        Instant from = parseSince(since, Instant.now());
        StackEndpoints endpoints = cli.stack().endpoints();
        if (endpoints.kafkaBootstrap() == null || endpoints.schemaRegistryUrl() == null) {
            throw new IllegalStateException("Kafka and the schema registry are not running; start them with ./flightdeck up");
        }
        ConfluentAvroDecoder avro = ConfluentAvroDecoder.forRegistry(endpoints.schemaRegistryUrl());
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // alerts are written in transactions
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(10)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist yet: is anomaly-detector running? ./flightdeck status");
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
            // Alerts of all partitions between the start and now, in time order; then, with --follow, as they come.
            List<ConsumerRecord<byte[], byte[]>> backlog = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(backlog::add);
            }
            backlog.sort(java.util.Comparator.comparingLong(ConsumerRecord::timestamp));
            backlog.forEach(r -> print(avro, r));
            if (backlog.isEmpty() && !follow) {
                System.out.println("No alerts since " + from + ".");
            }
            while (follow) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> print(avro, r));
            }
        }
        return 0;
    }

    private static void print(ConfluentAvroDecoder avro, ConsumerRecord<byte[], byte[]> record) {
        if (record.value() != null) {
            System.out.println(AlertLine.format(avro.decode(record.value()).record()));
            System.out.flush();
        }
    }

    /** "30m", "24h", "7d" back from now, or an ISO-8601 instant. */
    static Instant parseSince(String since, Instant now) {
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
}
