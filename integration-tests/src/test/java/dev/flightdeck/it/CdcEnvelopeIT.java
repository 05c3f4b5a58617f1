package dev.flightdeck.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.cdc.ConfluentAvroDecoder;
import dev.flightdeck.clients.registry.RegistryClient;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Row changes as they land in Kafka: Debezium envelopes, Avro in the Confluent wire format. */
@ExtendWith(SharedStack.class)
class CdcEnvelopeIT {

    private final SharedStack stack = SharedStack.get();
    private final ConfluentAvroDecoder avro = new RegistryClient(stack.profile().schemaRegistryUrl()).avroDecoder();
    private final RegistryRest registry = new RegistryRest(stack.profile().schemaRegistryUrl());

    @Test
    void shouldCaptureInsertUpdateDeleteAndTombstoneOfABookingAsConfluentAvro() throws Exception {
        long bookingId;
        try (Connection db = stack.app()) {
            long flightId = Rows.futureFlight(db);
            long passengerId = Rows.newPassenger(db);
            String reference = Rows.newReference();
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO booking (reference, flight_id, passenger_id, cabin, seat_no, status, fare, currency, hold_expires_at)"
                            + " VALUES (?, ?, ?, 'Y', NULL, 'HELD', 199.00, 'EUR', NOW(3) + INTERVAL 10 MINUTE)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, reference);
                insert.setLong(2, flightId);
                insert.setLong(3, passengerId);
                insert.executeUpdate();
                ResultSet keys = insert.getGeneratedKeys();
                keys.next();
                bookingId = keys.getLong(1);
            }
            db.createStatement().executeUpdate("UPDATE booking SET status = 'CONFIRMED', hold_expires_at = NULL WHERE id = " + bookingId);
            db.createStatement().executeUpdate("DELETE FROM booking WHERE id = " + bookingId);
        }

        List<ConsumerRecord<byte[], byte[]>> changes;
        try (CdcTopic topic = new CdcTopic(stack.profile(), "cdc.flights.booking")) {
            changes = forKey(topic.readUntil(all -> forKey(all, bookingId).size() >= 4, Duration.ofSeconds(60)), bookingId);
        }

        assertThat(changes).hasSize(4);
        GenericRecord created = value(changes.get(0));
        GenericRecord confirmed = value(changes.get(1));
        GenericRecord deleted = value(changes.get(2));
        assertThat(changes.get(3).value()).as("tombstone after the delete, so compaction can drop the key").isNull();

        assertThat(List.of(op(created), op(confirmed), op(deleted))).containsExactly("c", "u", "d");
        assertThat(created.get("before")).isNull();
        GenericRecord after = (GenericRecord) created.get("after");
        assertThat(after.get("status").toString()).isEqualTo("HELD");
        assertThat(after.get("cabin").toString()).isEqualTo("Y");
        assertThat(after.get("seat_no")).isNull();
        assertThat(decimal(after, "fare")).isEqualByComparingTo("199.00");

        assertThat(((GenericRecord) confirmed.get("before")).get("status").toString()).isEqualTo("HELD");
        assertThat(((GenericRecord) confirmed.get("after")).get("status").toString()).isEqualTo("CONFIRMED");
        assertThat(((GenericRecord) confirmed.get("after")).get("hold_expires_at")).isNull();

        assertThat(((GenericRecord) deleted.get("before")).get("status").toString()).isEqualTo("CONFIRMED");
        assertThat(deleted.get("after")).isNull();

        GenericRecord source = (GenericRecord) confirmed.get("source");
        assertThat(source.get("connector").toString()).isEqualTo("mysql");
        assertThat(source.get("name").toString()).isEqualTo("cdc");
        assertThat(source.get("db").toString()).isEqualTo("flights");
        assertThat(source.get("table").toString()).isEqualTo("booking");
        assertThat(source.get("snapshot").toString()).isEqualTo("false");
        assertThat(source.get("gtid")).as("GTIDs are on, so every change names its transaction").isNotNull();
        assertThat(source.get("file").toString()).startsWith("binlog.");
        assertThat((Long) source.get("pos")).isPositive();
        assertThat((Long) source.get("ts_ms")).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(120_000L));

        ConfluentAvroDecoder.Decoded key = avro.decode(changes.get(3).key());
        assertThat(key.record().get("id")).isEqualTo(bookingId);
        assertThat(key.schema().getFields()).extracting(Schema.Field::name).containsExactly("id");
    }

    @Test
    void shouldHaveSnapshottedEveryAirportBeforeStreaming() throws Exception {
        long airports;
        try (Connection db = stack.app(); ResultSet r = db.createStatement().executeQuery("SELECT COUNT(*) FROM airport")) {
            r.next();
            airports = r.getLong(1);
        }
        assertThat(airports).isGreaterThanOrEqualTo(50);
        try (CdcTopic topic = new CdcTopic(stack.profile(), "cdc.flights.airport")) {
            // Other tests change airports on the shared stack: their changes stream after the snapshot, never within it.
            List<ConsumerRecord<byte[], byte[]>> records = topic.readUntil(
                    all -> all.stream().filter(this::isSnapshotRecord).count() >= airports, Duration.ofSeconds(60));
            List<String> snapshotOps = new ArrayList<>();
            Set<Integer> streamingSeen = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                if (r.value() == null) {
                    streamingSeen.add(r.partition()); // the tombstone after a delete
                    continue;
                }
                GenericRecord envelope = avro.decode(r.value()).record();
                String snapshot = ((GenericRecord) envelope.get("source")).get("snapshot").toString();
                if (snapshot.equals("false")) {
                    streamingSeen.add(r.partition());
                    continue;
                }
                assertThat(streamingSeen).as("a snapshot record after a streamed change in partition " + r.partition())
                        .doesNotContain(r.partition());
                assertThat(snapshot).isIn("true", "first", "last", "first_in_data_collection", "last_in_data_collection");
                snapshotOps.add(op(envelope));
            }
            assertThat(snapshotOps).hasSize((int) airports).containsOnly("r");
        }
    }

    private boolean isSnapshotRecord(ConsumerRecord<byte[], byte[]> record) {
        return record.value() != null
                && !((GenericRecord) avro.decode(record.value()).record().get("source")).get("snapshot").toString().equals("false");
    }

    @Test
    void shouldRegisterKeyAndValueSchemasUnderTopicSubjectsWithBackwardCompatibility() {
        String subjects = registry.get("/subjects");
        for (String table : List.of("airport", "aircraft_type", "seat_map", "flight", "passenger", "booking")) {
            assertThat(subjects).contains("\"cdc.flights." + table + "-key\"", "\"cdc.flights." + table + "-value\"");
        }
        assertThat(registry.get("/config")).contains("BACKWARD");
    }

    private List<ConsumerRecord<byte[], byte[]>> forKey(List<ConsumerRecord<byte[], byte[]>> records, long id) {
        List<ConsumerRecord<byte[], byte[]>> matching = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.key() != null && id == (Long) avro.decode(r.key()).record().get("id")) {
                matching.add(r);
            }
        }
        return matching;
    }

    private GenericRecord value(ConsumerRecord<byte[], byte[]> record) {
        return avro.decode(record.value()).record();
    }

    private static String op(GenericRecord envelope) {
        return envelope.get("op").toString();
    }

    /** DECIMAL arrives as Avro bytes with logicalType decimal: the unscaled value, big-endian. */
    private static BigDecimal decimal(GenericRecord row, String field) {
        Schema schema = row.getSchema().getField(field).schema();
        int scale = (Integer) schema.getObjectProp("scale");
        ByteBuffer bytes = (ByteBuffer) row.get(field);
        byte[] unscaled = new byte[bytes.remaining()];
        bytes.duplicate().get(unscaled);
        return new BigDecimal(new BigInteger(unscaled), scale);
    }

}
