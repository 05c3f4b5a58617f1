package dev.flightdeck.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.schemas.CabinAvailability;
import dev.flightdeck.schemas.FlightAvailability;
import dev.flightdeck.streams.runtime.ApicurioAvro;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisPooled;

/**
 * Poison records inside the real Connect worker: bytes that are not Avro (the converter fails),
 * a tombstone without its version header (the sink refuses it) and, for Elasticsearch, a
 * document it refuses (a flight number longer than an indexed keyword may be) each land in the sink's
 * dead-letter topic with the reason, and every other record is written.
 */
@ExtendWith(SharedStack.class)
class SinkDeadLettersIT {

    /** What the Avro converter says of bytes that do not start with a schema id it knows. */
    private static final String NOT_AVRO = "artifact reference cannot be null";

    private final SharedStack stack = SharedStack.get();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "it-poison-" + run;

    @Test
    void shouldSendPoisonRecordsToTheRedisSinksDeadLetterTopicAndWriteTheRest() throws Exception {
        String prefix = "flightdeck:it-poison-" + run + ":"; // the sink's Redis account writes under flightdeck: only
        String deadLetters = topic + "-redis-dlq";
        ObjectNode config = connectorConfig("redis-sink-flights.json", deadLetters);
        config.put("redis.key.prefix", prefix);
        ConnectClient rest = register("redis-sink-poison-" + run, config);
        try {
            produceWithPoison(false);
            try (JedisPooled redis = stack.profile().openRedis()) {
                Awaitility.await("good flights in Redis").atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
                    for (long flight = 1; flight <= 4; flight++) {
                        assertThat(redis.hget(prefix + "flight:" + flight, "version")).as("flight %d", flight).isEqualTo("1");
                    }
                });
            }
            assertDeadLetters(deadLetters, List.of(NOT_AVRO, "has no flightdeck.version header"));
        } finally {
            rest.delete("redis-sink-poison-" + run);
        }
    }

    @Test
    void shouldSendPoisonRecordsToTheElasticsearchSinksDeadLetterTopicAndWriteTheRest() throws Exception {
        String alias = "it-poison-" + run + "-flights";
        String deadLetters = topic + "-elasticsearch-dlq";
        ObjectNode config = connectorConfig("elasticsearch-sink-flights.json", deadLetters);
        config.put("index.alias", alias);
        config.put("index.name", alias + "-v1");
        ConnectClient rest = register("elasticsearch-sink-poison-" + run, config);
        HttpClient http = HttpClient.newHttpClient();
        try {
            produceWithPoison(true);
            Awaitility.await("good flights in Elasticsearch").atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
                for (long flight = 1; flight <= 4; flight++) {
                    HttpResponse<String> doc = http.send(HttpRequest.newBuilder(URI.create(
                            stack.profile().elasticsearchUrl() + "/" + alias + "/_doc/" + flight)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(doc.statusCode()).as("flight %d: %s", flight, doc.body()).isEqualTo(200);
                }
            });
            assertDeadLetters(deadLetters, List.of(NOT_AVRO, "has no flightdeck.version header",
                    "refused version 1 of flight 97"));
        } finally {
            rest.delete("elasticsearch-sink-poison-" + run);
        }
    }

    private ObjectNode connectorConfig(String file, String deadLetters) {
        Path path = stack.driver().home().resolve("connect-configs").resolve(file);
        ObjectNode config = ConnectClient.ConnectorFile.read(path).config().deepCopy();
        config.put("topics", topic);
        config.put("errors.deadletterqueue.topic.name", deadLetters);
        return config;
    }

    /** The connector runs as a Kafka user of its own, allowed its topic and dead-letter topic only. */
    private ObjectNode asItsOwnUser(String name, ObjectNode config) {
        stack.driver().sinkConnectorUser(name, List.of(topic), config.path("errors.deadletterqueue.topic.name").asText())
                .forEach(config::put);
        return config;
    }

    private ConnectClient register(String name, ObjectNode config) throws Exception {
        try (Admin admin = stack.profile().admin()) { // nothing makes a topic by writing to it
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
        }
        ConnectClient rest = stack.profile().connect();
        ConnectClient.ConnectorFile connector = new ConnectClient.ConnectorFile(Path.of(name + ".json"), name, asItsOwnUser(name, config));
        assertThat(rest.validate(connector)).isEmpty();
        rest.put(connector);
        return rest;
    }

    /**
     * Flights 1 and 2, bytes that are not Avro, a tombstone without a version, (a flight whose
     * flight number is 40,000 characters: a term too long for an indexed Elasticsearch keyword), flights 3 and 4.
     */
    private void produceWithPoison(boolean oversizeFlightNumber) throws Exception {
        Map<String, Object> serde = ApicurioAvro.confluentWireFormat(stack.profile().apicurioRegistryUrl(),
                stack.profile().registryCredentials());
        try (AvroKafkaSerializer<Object> avro = new AvroKafkaSerializer<>();
             AvroKafkaSerializer<Object> avroKey = new AvroKafkaSerializer<>();
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(stack.profile().kafkaClientConfig(Map.of(
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)))) {
            avro.configure(serde, false);
            avroKey.configure(serde, true);
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (long flight = 1; flight <= 4; flight++) {
                if (flight == 3) {
                    records.add(new ProducerRecord<>(topic, avroKey.serialize(topic, 98L), "not avro".getBytes(StandardCharsets.UTF_8)));
                    records.add(new ProducerRecord<>(topic, avroKey.serialize(topic, 99L), null));
                    if (oversizeFlightNumber) {
                        FlightAvailability oversize = flight(97);
                        oversize.setFlightNumber("F".repeat(40_000));
                        records.add(new ProducerRecord<>(topic, avroKey.serialize(topic, 97L), avro.serialize(topic, oversize)));
                    }
                }
                records.add(new ProducerRecord<>(topic, avroKey.serialize(topic, flight), avro.serialize(topic, flight(flight))));
            }
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record).get();
            }
        }
    }

    private static FlightAvailability flight(long id) {
        Instant departure = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        return FlightAvailability.newBuilder().setFlightId(id).setFlightNumber("FD" + id).setOrigin("FRA").setDestination("LIS")
                .setDepartureTime(departure).setArrivalTime(departure.plus(3, ChronoUnit.HOURS))
                .setAircraftType("A320").setAircraftModel(null).setStatus("SCHEDULED")
                .setBaseFare(new BigDecimal("99.00")).setCurrency("EUR")
                .setCabins(List.of(CabinAvailability.newBuilder().setCabin("Y").setCapacity(150).setHeld(0).setConfirmed(1)
                        .setAvailable(149).build()))
                .setTakenSeats(List.of("12A")).setVersion(1).setSourceTimestamp(Instant.now()).setUpdatedAt(Instant.now()).build();
    }

    /** Exactly the poison records, in order, each with the reason Connect recorded in its headers. */
    private void assertDeadLetters(String deadLetters, List<String> expectedReasons) {
        List<String> reasons = new ArrayList<>();
        try (CdcTopic dlq = new CdcTopic(stack.profile(), deadLetters)) {
            dlq.forEachUntil(record -> reasons.add(reason(record)), () -> reasons.size() >= expectedReasons.size(), Duration.ofMinutes(2));
        }
        assertThat(reasons).hasSize(expectedReasons.size());
        for (int i = 0; i < reasons.size(); i++) {
            assertThat(reasons.get(i)).contains(expectedReasons.get(i));
        }
    }

    private static String reason(ConsumerRecord<byte[], byte[]> record) {
        StringBuilder reason = new StringBuilder();
        for (String name : List.of("__connect.errors.exception.class.name", "__connect.errors.exception.message")) {
            Header header = record.headers().lastHeader(name);
            reason.append(header == null ? "" : new String(header.value(), StandardCharsets.UTF_8)).append(' ');
        }
        return reason.toString();
    }
}
