package dev.flightdeck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flightdeck.stack.ConnectRest;
import dev.flightdeck.stack.LocalStack;
import dev.flightdeck.stack.Progress;
import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackException;
import dev.flightdeck.stack.StackLayout;
import dev.flightdeck.stack.StackOptions;
import dev.flightdeck.stack.StackStatus;
import dev.flightdeck.stack.cli.FlightdeckCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.EnumSet;
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

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SharedStack stack = SharedStack.get();

    @Test
    @Order(1)
    void shouldReportEveryServiceRunningAndHealthyAndEveryEndpointAsJson() throws Exception {
        StackStatus status = stack.stack().status();
        for (StackStatus.ServiceStatus service : status.services()) {
            if (service.id() == ServiceId.SIMULATOR) {
                continue;
            }
            assertThat(service.state()).as(service.id().key()).isEqualTo("running");
            assertThat(service.health()).as(service.id().key()).isEqualTo("ok");
            assertThat(service.residentMiB()).as(service.id().key()).isPositive();
        }
        assertThat(status.connectors()).extracting(ConnectRest.ConnectorStatus::name, ConnectRest.ConnectorStatus::state)
                .contains(org.assertj.core.groups.Tuple.tuple("debezium-mysql-flights", "RUNNING"));

        JsonNode doc = JSON.readTree(cli("status", "--json"));
        JsonNode endpoints = doc.get("endpoints");
        assertThat(endpoints.get("kafkaBootstrapServers").asText()).isEqualTo(stack.endpoints().kafkaBootstrap());
        assertThat(endpoints.get("schemaRegistryUrl").asText()).endsWith("/apis/ccompat/v7");
        assertThat(endpoints.get("connectRestUrl").asText()).startsWith("http://127.0.0.1:");
        assertThat(endpoints.get("mysql").get("jdbcUrl").asText()).startsWith("jdbc:mysql://127.0.0.1:");
        assertThat(endpoints.get("mysql").get("user").asText()).isEqualTo("flightdeck_app");
        assertThat(endpoints.get("mysql").get("password").asText()).isEqualTo(stack.endpoints().mysql().password());
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
        int mysqlPort = stack.stack().status().services().getFirst().ports().get("mysql");
        LocalStack second = new LocalStack(new StackLayout(StackLayout.defaultHome(), otherDataDir));
        assertThatThrownBy(() -> second.up(StackOptions.only(EnumSet.of(ServiceId.MYSQL))
                .withPorts(Map.of("--mysql-port", mysqlPort)), Progress.console(System.out)))
                .isInstanceOf(StackException.class)
                .hasMessageMatching("port " + mysqlPort + " is in use by pid \\d+ \\(mysqld\\); pass --mysql-port to choose another");
    }

    @Test
    @Order(3)
    void shouldRunTheBookingSimulatorAndCaptureItsChanges() throws Exception {
        long before = endOffset("cdc.flights.booking");
        stack.stack().up(StackOptions.only(EnumSet.of(ServiceId.SIMULATOR)).withSimulatorRate(50), Progress.console(System.out));
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90))
                    .until(() -> endOffset("cdc.flights.booking") >= before + 100);
        } finally {
            stack.stack().stop(ServiceId.SIMULATOR, Progress.console(System.out));
        }
        assertThat(Files.readString(stack.stack().layout().logFile(ServiceId.SIMULATOR))).contains("booking simulator starting");
    }

    @Test
    @Order(4)
    void shouldNameTheBadKeyOfAnInvalidConnectorConfig() throws Exception {
        Path shipped = stack.stack().layout().home().resolve("connect-configs/debezium-mysql-flights.json");
        ConnectRest.ConnectorFile good = ConnectRest.ConnectorFile.read(shipped);
        ConnectRest rest = new ConnectRest(stack.endpoints().connectUrl());
        assertThat(rest.validate(good)).as("the shipped config is valid").isEmpty();

        ConnectRest.ConnectorFile bad = new ConnectRest.ConnectorFile(shipped, good.name(), good.config().deepCopy()
                .put("snapshot.mode", "sometimes").put("database.port", "not-a-port"));
        assertThat(rest.validate(bad)).anySatisfy(p -> assertThat(p).startsWith("snapshot.mode: "))
                .anySatisfy(p -> assertThat(p).startsWith("database.port: "));
    }

    @Test
    @Order(5)
    void shouldKeepTheSchemaHistoryInOnePartitionForever() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.endpoints().kafkaBootstrap()))) {
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
        Map<ServiceId, Map<String, Integer>> portsBefore = ports();
        long bookingsBefore = count("booking");
        long airportRecordsBefore = endOffset("cdc.flights.airport");

        stack.stack().down(Progress.console(System.out));
        assertThat(stack.stack().status().services()).allSatisfy(s -> assertThat(s.state()).isIn("stopped", "not started"));
        stack.stack().up(StackOptions.withoutSimulator(), Progress.console(System.out));

        assertThat(ports()).isEqualTo(portsBefore);
        assertThat(count("booking")).isEqualTo(bookingsBefore);
        assertThat(endOffset("cdc.flights.airport")).as("no second snapshot").isEqualTo(airportRecordsBefore);
        assertThat(new ConnectRest(stack.endpoints().connectUrl()).status("debezium-mysql-flights").running()).isTrue();
    }

    private Map<ServiceId, Map<String, Integer>> ports() {
        Map<ServiceId, Map<String, Integer>> ports = new TreeMap<>();
        stack.stack().status().services().stream().filter(s -> s.id() != ServiceId.SIMULATOR)
                .forEach(s -> ports.put(s.id(), s.ports()));
        return ports;
    }

    private long count(String table) throws Exception {
        try (Connection db = stack.app(); ResultSet r = db.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    private long endOffset(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.endpoints().kafkaBootstrap()))) {
            var partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
            partitions.forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(request).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        }
    }

    private String cli(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = stack.stack().layout().dataDir().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            assertThat(FlightdeckCli.run(all)).isZero();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
