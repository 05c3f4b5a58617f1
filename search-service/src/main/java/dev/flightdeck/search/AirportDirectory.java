package dev.flightdeck.search;

import dev.flightdeck.cdc.flights.AirportChange;
import dev.flightdeck.cdc.flights.AirportRow;
import dev.flightdeck.cdc.flights.FlightsChanges;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every airport, for autocomplete and for searching by city: the {@code airport} table as Debezium
 * captures it, read from the start of its CDC topic into memory and kept current. A few hundred
 * rows fit easily, answer in microseconds and keep autocomplete working while Elasticsearch is
 * down. Reads without a consumer group: every instance holds the whole table.
 */
final class AirportDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AirportDirectory.class);

    /** An airport as the API shows it. */
    record Airport(String code, String name, String city, String country) {
    }

    private final Map<String, Airport> byCode = new ConcurrentHashMap<>();
    private final AtomicLong undecodable = new AtomicLong();
    private volatile boolean caughtUp;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final FlightsChanges changes;
    private final Thread reader;
    private volatile boolean closing;

    /** @param kafka the deployment's Kafka client settings (bootstrap servers, security) */
    AirportDirectory(Map<String, Object> kafka, String topic, FlightsChanges changes) {
        Map<String, Object> properties = new HashMap<>(kafka);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "search-service-airports");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.changes = changes;
        this.reader = Thread.ofPlatform().name("airport-directory").daemon().unstarted(this::read);
    }

    /** A directory holding {@code airports}, with no topic behind it: for tests. */
    static AirportDirectory of(Collection<Airport> airports) {
        return new AirportDirectory(airports);
    }

    private AirportDirectory(Collection<Airport> airports) {
        this.consumer = null;
        this.topic = null;
        this.changes = null;
        this.reader = null;
        airports.forEach(a -> byCode.put(a.code(), a));
        this.caughtUp = true;
    }

    void start() {
        reader.start();
    }

    /** Whether the directory holds every airport the topic held when it started. */
    boolean caughtUp() {
        return caughtUp;
    }

    int size() {
        return byCode.size();
    }

    long undecodable() {
        return undecodable.get();
    }

    Optional<Airport> airport(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(byCode.get(code.toUpperCase(Locale.ROOT)));
    }

    /**
     * The airports a place names: the airport with that IATA code, else those of the city of that
     * name (accents and case ignored). A three-letter code the directory does not hold (yet) is
     * taken as a code, so search works before the directory has caught up.
     */
    List<String> codesFor(String place) {
        String wanted = place.strip();
        if (wanted.matches("[A-Za-z]{3}") && (byCode.containsKey(wanted.toUpperCase(Locale.ROOT)) || !hasCity(wanted))) {
            return List.of(wanted.toUpperCase(Locale.ROOT));
        }
        String key = fold(wanted);
        return byCode.values().stream().filter(a -> fold(a.city()).equals(key)).map(Airport::code).sorted().toList();
    }

    private boolean hasCity(String name) {
        String key = fold(name);
        return byCode.values().stream().anyMatch(a -> fold(a.city()).equals(key));
    }

    /** Airports whose code, city or a word of whose name starts with {@code prefix}: codes first, then cities, then names. */
    List<Airport> complete(String prefix, int limit) {
        String key = fold(prefix.strip());
        if (key.isEmpty()) {
            return List.of();
        }
        Map<Airport, Integer> rank = new HashMap<>();
        for (Airport airport : byCode.values()) {
            int r = rank(airport, key);
            if (r >= 0) {
                rank.put(airport, r);
            }
        }
        return rank.entrySet().stream()
                .sorted(Comparator.<Map.Entry<Airport, Integer>>comparingInt(Map.Entry::getValue).thenComparing(e -> e.getKey().code()))
                .limit(limit).map(Map.Entry::getKey).toList();
    }

    private static int rank(Airport airport, String key) {
        String code = airport.code().toLowerCase(Locale.ROOT);
        if (code.equals(key)) {
            return 0;
        }
        if (code.startsWith(key)) {
            return 1;
        }
        if (startsWord(fold(airport.city()), key)) {
            return 2;
        }
        if (startsWord(fold(airport.name()), key)) {
            return 3;
        }
        return -1;
    }

    private static boolean startsWord(String text, String key) {
        if (text.startsWith(key)) {
            return true;
        }
        for (int i = text.indexOf(' '); i >= 0; i = text.indexOf(' ', i + 1)) {
            if (text.startsWith(key, i + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Lower case without accents, separators as single spaces: "São Paulo–Guarulhos" → "sao paulo guarulhos". */
    static String fold(String text) {
        if (text == null) {
            return "";
        }
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    void apply(AirportChange change) {
        if (change.after() != null) {
            AirportRow row = change.after();
            if (change.before() != null && !change.before().code().equals(row.code())) {
                byCode.remove(change.before().code());
            }
            byCode.put(row.code(), new Airport(row.code(), row.name(), row.city(), row.country()));
        } else if (change.before() != null) {
            byCode.remove(change.before().code());
        }
    }

    private void read() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            if (partitions == null) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            log.info("Reading airports from {} ({} partition(s))", topic, partitions.size());
            while (!closing) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        continue; // Debezium's tombstone after a delete: the delete itself was applied
                    }
                    try {
                        apply(changes.airport(record.value()));
                    } catch (RuntimeException e) {
                        undecodable.incrementAndGet();
                        log.warn("Skipped the airport change at {}-{} offset {}: {}", record.topic(), record.partition(),
                                record.offset(), e.getMessage());
                    }
                }
                if (!caughtUp && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp = true;
                    log.info("Airport directory caught up: {} airports", byCode.size());
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("The airport directory stopped reading {}: {}", topic, e.toString());
        }
    }

    /** The topic's partitions, once Debezium has created the topic; null when closed meanwhile. */
    private List<TopicPartition> awaitPartitions() {
        long lastNote = 0;
        while (!closing) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> partitions = new ArrayList<>();
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                return partitions;
            }
            if (System.nanoTime() - lastNote > Duration.ofSeconds(30).toNanos()) {
                log.info("Waiting for topic {} (Debezium creates it with its snapshot)", topic);
                lastNote = System.nanoTime();
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    @Override
    public void close() {
        closing = true;
        if (consumer != null) {
            consumer.wakeup();
            try {
                reader.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            consumer.close(Duration.ofSeconds(2));
        }
    }
}
