package dev.flightdeck.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flightdeck.cdc.ConfluentAvroDecoder;
import dev.flightdeck.clients.registry.RegistryClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** DDL on a captured table: the schema-change event, and rows under the evolved, registered schema. */
@ExtendWith(SharedStack.class)
class SchemaChangeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SharedStack stack = SharedStack.get();
    private final ConfluentAvroDecoder avro = new RegistryClient(stack.profile().schemaRegistryUrl()).avroDecoder();
    private final RegistryRest registry = new RegistryRest(stack.profile().schemaRegistryUrl());

    @Test
    void shouldCaptureAnAddedColumnAsADdlEventAndCarryItInLaterRows() throws Exception {
        String ddl = "ALTER TABLE passenger ADD middle_name varchar(255) AFTER first_name";
        try (Connection admin = stack.admin()) {
            admin.createStatement().execute(ddl);
        }
        long passengerId;
        try (Connection db = stack.app(); PreparedStatement insert = db.prepareStatement(
                "INSERT INTO passenger (first_name, middle_name, last_name, email) VALUES ('Ada', 'Augusta', 'King', ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, "it-" + UUID.randomUUID() + "@example.org");
            insert.executeUpdate();
            ResultSet keys = insert.getGeneratedKeys();
            keys.next();
            passengerId = keys.getLong(1);
        }

        GenericRecord event;
        try (CdcTopic topic = new CdcTopic(stack.profile(), "cdc")) {
            List<ConsumerRecord<byte[], byte[]>> all = topic.readUntil(records -> ddlEvent(records, ddl).isPresent(), Duration.ofSeconds(60));
            ConsumerRecord<byte[], byte[]> record = ddlEvent(all, ddl).orElseThrow();
            assertThat(avro.decode(record.key()).record().get("databaseName").toString()).isEqualTo("flights");
            event = avro.decode(record.value()).record();
        }
        assertThat(event.get("databaseName").toString()).isEqualTo("flights");
        assertThat(event.get("source")).isNotNull();
        assertThat(((GenericRecord) event.get("source")).get("gtid")).isNotNull();
        @SuppressWarnings("unchecked")
        List<GenericRecord> changes = (List<GenericRecord>) event.get("tableChanges");
        assertThat(changes).hasSize(1);
        GenericRecord change = changes.getFirst();
        assertThat(change.get("type").toString()).isEqualTo("ALTER");
        assertThat(change.get("id").toString()).contains("passenger");
        GenericRecord table = (GenericRecord) change.get("table");
        assertThat(strings(table.get("primaryKeyColumnNames"))).containsExactly("id");
        @SuppressWarnings("unchecked")
        List<GenericRecord> columns = (List<GenericRecord>) table.get("columns");
        assertThat(columns).extracting(c -> c.get("name").toString())
                .startsWith("id", "first_name", "middle_name", "last_name");
        GenericRecord middle = columns.stream().filter(c -> c.get("name").toString().equals("middle_name")).findFirst().orElseThrow();
        assertThat(middle.get("typeName").toString()).isEqualTo("VARCHAR");
        assertThat(middle.get("jdbcType")).isEqualTo(java.sql.Types.VARCHAR);
        assertThat(middle.get("position")).isEqualTo(3);
        assertThat(middle.get("optional")).isEqualTo(true);
        assertThat(middle.get("autoIncremented")).isEqualTo(false);
        assertThat(middle.get("generated")).isEqualTo(false);
        GenericRecord id = columns.getFirst();
        assertThat(id.get("autoIncremented")).isEqualTo(true);

        ConfluentAvroDecoder.Decoded row;
        try (CdcTopic topic = new CdcTopic(stack.profile(), "cdc.flights.passenger")) {
            List<ConsumerRecord<byte[], byte[]>> all = topic.readUntil(records -> rowOf(records, passengerId).isPresent(), Duration.ofSeconds(60));
            row = rowOf(all, passengerId).orElseThrow();
        }
        GenericRecord after = (GenericRecord) row.record().get("after");
        assertThat(after.get("middle_name").toString()).isEqualTo("Augusta");

        String subject = "cdc.flights.passenger-value";
        JsonNode versions = JSON.readTree(registry.get("/subjects/" + subject + "/versions"));
        assertThat(versions.size()).as("the snapshot's schema and the one with middle_name").isGreaterThanOrEqualTo(2);
        JsonNode latest = JSON.readTree(registry.get("/subjects/" + subject + "/versions/latest"));
        assertThat(latest.get("id").asInt()).as("the row is written with the newest registered schema").isEqualTo(row.schemaId());
        String previousVersion = versions.get(versions.size() - 2).asText();
        String request = JsonNodeFactory.instance.objectNode().put("schema", latest.get("schema").asText()).toString();
        assertThat(registry.post("/compatibility/subjects/" + subject + "/versions/" + previousVersion, request))
                .startsWith("200").contains("\"is_compatible\":true");
        assertThat(registry.get("/config")).contains("BACKWARD");
    }

    private Optional<ConsumerRecord<byte[], byte[]>> ddlEvent(List<ConsumerRecord<byte[], byte[]>> records, String ddl) {
        return records.stream().filter(r -> r.value() != null
                && avro.decode(r.value()).record().get("ddl").toString().contains("middle_name")).findFirst();
    }

    private Optional<ConfluentAvroDecoder.Decoded> rowOf(List<ConsumerRecord<byte[], byte[]>> records, long passengerId) {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.value() == null) {
                continue;
            }
            ConfluentAvroDecoder.Decoded decoded = avro.decode(r.value());
            GenericRecord after = (GenericRecord) decoded.record().get("after");
            if (after != null && (Long) after.get("id") == passengerId) {
                return Optional.of(decoded);
            }
        }
        return Optional.empty();
    }

    private static List<String> strings(Object avroArray) {
        List<String> out = new ArrayList<>();
        ((List<?>) avroArray).forEach(o -> out.add(o.toString()));
        return out;
    }
}
