package dev.flightdeck.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.stack.driver.LocalStackDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The stack as an operator sees it: status, the simulator, port clashes, and down/up with data kept. */
@ExtendWith(SharedStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackLifecycleIT {

    private final SharedStack stack = SharedStack.get();

    @Test
    @Order(1)
    void shouldReportEveryServiceRunningAndHealthyAndEveryEndpointAsJson() throws Exception {
        JsonNode doc = stack.driver().status();
        doc.get("services").properties().forEach(entry -> {
            if (!entry.getKey().equals("simulator")) {
                assertThat(entry.getValue().get("state").asText()).as(entry.getKey()).isEqualTo("running");
                assertThat(entry.getValue().get("health").asText()).as(entry.getKey()).isEqualTo("ok");
                assertThat(entry.getValue().get("residentMiB").asLong()).as(entry.getKey()).isPositive();
            }
        });
        JsonNode endpoints = doc.get("endpoints");
        assertThat(endpoints.get("kafkaBootstrapServers").asText()).isEqualTo(stack.opsProfile().bootstrapServers());
        assertThat(endpoints.get("schemaRegistryUrl").asText()).endsWith("/apis/ccompat/v7");
        assertThat(endpoints.get("connectRestUrl").asText()).startsWith("https://127.0.0.1:");
        assertThat(endpoints.get("mysql").get("jdbcUrl").asText()).startsWith("jdbc:mysql://127.0.0.1:");
        assertThat(endpoints.get("mysql").get("user").asText()).isEqualTo("flightdeck_app");
        Path passwordFile = Path.of(endpoints.get("mysql").get("passwordFile").asText());
        assertThat(endpoints.get("mysql").has("password")).as("credentials are files, never inline").isFalse();
        assertThat(Files.readString(passwordFile)).isEqualTo(stack.profile().mysqlPassword());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
        assertThat(endpoints.get("profile").asText()).isEqualTo(stack.driver().profileFile().toString());
        assertThat(endpoints.get("elasticsearchUrl").asText()).startsWith("http://127.0.0.1:");
        assertThat(endpoints.get("redisUrl").asText()).startsWith("redis://127.0.0.1:");
        assertThat(doc.get("services").get("kafka").get("state").asText()).isEqualTo("running");
        assertThat(doc.get("connectors").get("debezium-mysql-flights").get("state").asText()).isEqualTo("RUNNING");
        for (String sink : List.of("redis-sink-flights", "elasticsearch-sink-flights")) {
            JsonNode connector = doc.get("connectors").get(sink);
            assertThat(connector.get("flightVersionsWritten")).as(sink + ": its metrics, read from the worker").isNotNull();
            assertThat(connector.get("flightVersionsWritten").asLong()).as(sink).isNotNegative();
            assertThat(connector.get("flightVersionsSkippedAsNotNewer").asLong()).as(sink).isNotNegative();
        }
    }

    @Test
    @Order(2)
    void shouldNameThePortItsOwnerAndTheFlagWhenAPortIsInUse(@TempDir Path otherDataDir) {
        int mysqlPort = stack.driver().status().get("services").get("mysql").get("ports").get("mysql").asInt();
        LocalStackDriver second = new LocalStackDriver(stack.driver().home(), otherDataDir, System.out);
        LocalStackDriver.Result refused = second.run("up", "--services", "mysql", "--mysql-port", String.valueOf(mysqlPort));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output()).containsPattern(
                "flightdeck: port " + mysqlPort + " is in use by pid \\d+ \\(mysqld\\); pass --mysql-port to choose another");
    }

    @Test
    @Order(3)
    void shouldRunTheBookingSimulatorAndCaptureItsChanges() throws Exception {
        long before = endOffset("cdc.flights.booking");
        stack.driver().startSimulator(50);
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90))
                    .until(() -> endOffset("cdc.flights.booking") >= before + 100);
        } finally {
            stack.stop("simulator");
        }
        assertThat(Files.readString(stack.driver().logFile("simulator"))).contains("booking simulator starting");
    }

    @Test
    @Order(4)
    void shouldNameTheBadKeyOfAnInvalidConnectorConfig() throws Exception {
        Path shipped = stack.driver().home().resolve("connect-configs/debezium-mysql-flights.json");
        ConnectClient.ConnectorFile good = ConnectClient.ConnectorFile.read(shipped);
        ConnectClient rest = stack.profile().connect();
        assertThat(rest.validate(good)).as("the shipped config is valid").isEmpty();

        ConnectClient.ConnectorFile bad = new ConnectClient.ConnectorFile(shipped, good.name(), good.config().deepCopy()
                .put("snapshot.mode", "sometimes").put("database.port", "not-a-port"));
        assertThat(rest.validate(bad)).anySatisfy(p -> assertThat(p).startsWith("snapshot.mode: "))
                .anySatisfy(p -> assertThat(p).startsWith("database.port: "));
    }

    @Test
    @Order(5)
    void shouldKeepTheSchemaHistoryInOnePartitionForever() throws Exception {
        try (Admin admin = stack.profile().admin()) {
            var topic = admin.describeTopics(java.util.List.of("cdc.schema-history")).allTopicNames().get().get("cdc.schema-history");
            assertThat(topic.partitions()).as("Debezium replays DDL in order: one partition").hasSize(1);
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "cdc.schema-history");
            var config = admin.describeConfigs(java.util.List.of(resource)).all().get().get(resource);
            assertThat(config.get("retention.ms").value()).as("history must never expire (Debezium sets Long.MAX_VALUE)")
                    .isIn("-1", String.valueOf(Long.MAX_VALUE));
            assertThat(config.get("retention.bytes").value()).isEqualTo("-1");
            assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
        }
    }

    @Test
    @Order(6)
    void shouldResumeWithTheSameDataPortsAndOffsetsAfterDownAndUp() throws Exception {
        Map<String, JsonNode> portsBefore = ports();
        long bookingsBefore = count("booking");
        long airportRecordsBefore = endOffset("cdc.flights.airport");

        stack.driver().down();
        assertThat(stack.driver().serviceStates()).allSatisfy((service, state) -> assertThat(state).as(service).isIn("stopped", "not started"));
        stack.driver().up("--no-simulator");

        assertThat(ports()).isEqualTo(portsBefore);
        assertThat(count("booking")).isEqualTo(bookingsBefore);
        assertThat(endOffset("cdc.flights.airport")).as("no second snapshot").isEqualTo(airportRecordsBefore);
        assertThat(stack.profile().connect().status("debezium-mysql-flights").running()).isTrue();
    }

    private Map<String, JsonNode> ports() {
        Map<String, JsonNode> ports = new TreeMap<>();
        stack.driver().status().get("services").properties().forEach(entry -> {
            if (!entry.getKey().equals("simulator")) {
                ports.put(entry.getKey(), entry.getValue().get("ports"));
            }
        });
        return ports;
    }

    private long count(String table) throws Exception {
        try (Connection db = stack.app(); ResultSet r = db.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    private long endOffset(String topic) throws Exception {
        try (Admin admin = stack.profile().admin()) {
            var partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
            partitions.forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(request).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        }
    }
}
