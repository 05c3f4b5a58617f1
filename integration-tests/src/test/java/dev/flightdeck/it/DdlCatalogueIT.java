package dev.flightdeck.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.cdc.ConfluentAvroDecoder;
import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.clients.registry.RegistryClient;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.ops.reconcile.DeploymentReadModels;
import dev.flightdeck.ops.reconcile.Reconciler;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DDL of each kind on a captured table of its own, on the real stack: after the statement and new
 * rows, every committed row change of the table is on its topic; additive DDL on the tables the
 * Streams apps and sinks read leaves every read model equal to MySQL. A statement whose new schema the
 * registry refuses stops capture; that must raise a CONNECTOR_FAILED alert within seconds, and
 * {@code flightdeck schema allow} must restore capture with no row change lost.
 */
@ExtendWith(SharedStack.class)
class DdlCatalogueIT {

    private final SharedStack stack = SharedStack.get();
    /** The table of the refused statement in flight, so that a failed test still gives capture back to the others. */
    private String refusedTable;
    private final ConfluentAvroDecoder avro = new RegistryClient(stack.profile().schemaRegistryUrl()).avroDecoder();

    @AfterEach
    void restoreCapture() throws Exception {
        if (refusedTable != null && !stack.profile().connect().status("debezium-mysql-flights").running()) {
            System.out.println("the test left capture stopped at a refused statement on " + refusedTable + "; letting it through");
            flightdeck("schema", "allow", "flights." + refusedTable);
        }
    }

    @Test
    void shouldKeepCapturingThroughDdlTheRegistryAccepts() throws Exception {
        String table = "ddl_accepted";
        createTable(table);
        Set<Long> written = new HashSet<>(insert(table, 2));
        for (String ddl : List.of(
                "ALTER TABLE " + table + " ADD COLUMN note VARCHAR(20) NULL",                 // ADD nullable
                "ALTER TABLE " + table + " ADD COLUMN priority INT NOT NULL DEFAULT 3",       // ADD NOT NULL with a default
                "ALTER TABLE " + table + " MODIFY qty BIGINT NOT NULL",                       // widening INT → BIGINT
                "ALTER TABLE " + table + " MODIFY label VARCHAR(255) NULL",                   // widening VARCHAR(50) → (255)
                "ALTER TABLE " + table + " MODIFY kind ENUM('A','B','C') NULL",               // ENUM value added
                "ALTER TABLE " + table + " MODIFY kind ENUM('A','C') NULL",                   // ENUM value removed (none used it)
                "ALTER TABLE " + table + " RENAME COLUMN note TO remark",                     // RENAME a nullable column
                "ALTER TABLE " + table + " DROP COLUMN remark")) {                            // DROP COLUMN
            assertThat(schemaCheck(ddl)).as("schema check predicts the registry accepts: " + ddl).isZero();
            ddl(ddl);
            written.addAll(insert(table, 1));
        }
        assertThat(idsOnTopic(table, written.size())).containsAll(written);
        assertThat(stack.profile().connect().status("debezium-mysql-flights").running()).isTrue();
    }

    @Test
    void shouldAlertWhenTheRegistryRefusesADdlsSchemaAndLoseNothingWhenAllowed() throws Exception {
        String table = "ddl_refused";
        String subject = "cdc.flights." + table + "-value";
        Set<Long> written = capturedTableWithRows(table);
        Map<TopicPartition, Long> alertsFrom = CdcTopic.ends(stack.profile(), "anomalies");

        String ddl = "ALTER TABLE " + table + " ADD COLUMN must_have INT NOT NULL"; // no default: BACKWARD refuses it
        assertThat(schemaCheck(ddl)).as("schema check predicts the refusal").isEqualTo(1);
        assertThat(schemaCheck("ALTER TABLE " + table + " ADD COLUMN must_have INT NOT NULL DEFAULT 0"))
                .as("and accepts the statement it advises instead").isZero();
        Instant ddlAt = Instant.now();
        refusedTable = table;
        ddl(ddl);
        written.addAll(insert(table, 3, "must_have"));

        ConnectClient connect = stack.profile().connect();
        Awaitility.await("the capture task fails").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !connect.status("debezium-mysql-flights").running());
        ConnectClient.TaskStatus task = connect.status("debezium-mysql-flights").tasks().getFirst();
        System.out.println("failed task's trace, as Connect reports it (first line and causes):\n" + task.trace().lines()
                .filter(line -> !line.startsWith("\t")).collect(Collectors.joining("\n")));
        GenericRecord failed = alert(alertsFrom, "CONNECTOR_FAILED", Duration.ofSeconds(60));
        System.out.printf("DDL → CONNECTOR_FAILED alert readable: %d ms%n",
                Duration.between(ddlAt, Instant.now()).toMillis());
        assertThat(failed.get("severity").toString()).isEqualTo("CRITICAL");
        assertThat(failed.get("table").toString()).isEqualTo("flights." + table);
        assertThat(failed.get("connector").toString()).isEqualTo("debezium-mysql-flights/0");
        assertThat(failed.get("evidence").toString()).contains(subject, "must_have");
        assertThat(failed.get("explanation").toString()).contains("schema registry refused", "flights." + table);
        assertThat(task.state()).isEqualTo("FAILED");
        assertThat(task.reason()).contains("schema registry refused", subject);

        allow(table, ddl);
        assertThat(stack.profile().registry().ownRule(subject)).as("the rule is restored").isNull();
        written.addAll(insert(table, 1, "must_have"));
        List<Long> onTopic = idsOnTopic(table, written.size());
        assertThat(onTopic).containsAll(written);
        assertThat(onTopic).as("exactly-once capture: the failed task's open transaction was aborted, not repeated")
                .doesNotHaveDuplicates();
        assertThat(alert(alertsFrom, "CONNECTOR_RECOVERED", Duration.ofSeconds(30)).get("connector").toString())
                .isEqualTo("debezium-mysql-flights/0");
    }

    @Test
    void shouldPredictAlertAndRecoverANullToNotNullChange() throws Exception {
        String table = "ddl_refusals";
        Set<Long> written = capturedTableWithRows(table);
        // NULL → NOT NULL: refused under BACKWARD.
        String ddl = "ALTER TABLE " + table + " MODIFY label VARCHAR(50) NOT NULL";
        Map<TopicPartition, Long> alertsFrom = CdcTopic.ends(stack.profile(), "anomalies");
        assertThat(schemaCheck(ddl)).as("schema check predicts the refusal of " + ddl).isEqualTo(1);
        Instant ddlAt = Instant.now();
        refusedTable = table;
        ddl(ddl);
        written.addAll(insert(table, 2));
        GenericRecord failed = alert(alertsFrom, "CONNECTOR_FAILED", Duration.ofSeconds(60));
        System.out.printf("%s → CONNECTOR_FAILED readable after %d ms%n", ddl, Duration.between(ddlAt, Instant.now()).toMillis());
        assertThat(failed.get("evidence").toString()).contains("DDL: " + ddl);
        allow(table, ddl);
        alert(alertsFrom, "CONNECTOR_RECOVERED", Duration.ofSeconds(30));
        written.addAll(insert(table, 1));
        List<Long> onTopic = idsOnTopic(table, written.size());
        assertThat(onTopic).containsAll(written);
        assertThat(onTopic).as("every row change once, across the failure and restart").doesNotHaveDuplicates();
    }

    /**
     * RENAME of a NOT NULL column, with the statement captured in a poll of its own before the rows that the
     * registry then refuses: the committed offset is past the statement and the schema history has it, so the
     * restarted task reads it again over a table that has the new name already (Debezium's ParsingException
     * "Trying to change column qty ... which does not exist"). {@code schema allow} must get past that too.
     */
    @Test
    void shouldRecoverARefusedRenameWhoseStatementTheHistoryHasAlready() throws Exception {
        String table = "ddl_renames";
        Set<Long> written = capturedTableWithRows(table);
        String ddl = "ALTER TABLE " + table + " RENAME COLUMN qty TO quantity";
        assertThat(schemaCheck(ddl)).as("schema check predicts the refusal of " + ddl).isEqualTo(1);
        Map<TopicPartition, Long> alertsFrom = CdcTopic.ends(stack.profile(), "anomalies");
        ConnectClient connect = stack.profile().connect();
        List<Map<String, Object>> offsetsBefore = connect.offsets("debezium-mysql-flights");
        refusedTable = table;
        ddl(ddl);
        Awaitility.await("the statement's poll is committed on its own").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> !connect.offsets("debezium-mysql-flights").equals(offsetsBefore));
        written.addAll(insertInto(table, 2, "label, quantity", "'row', 1"));
        alert(alertsFrom, "CONNECTOR_FAILED", Duration.ofSeconds(60));

        allow(table, ddl);
        assertThat(connect.config("debezium-mysql-flights").has("schema.history.internal.skip.unparseable.ddl"))
                .as("the connector's own config is back").isFalse();
        written.addAll(insertInto(table, 1, "label, quantity", "'row', 1"));
        assertThat(idsOnTopic(table, written.size())).containsAll(written);

        // The next start recovers the schema from the history again: it must read it without the skip.
        connect.stop("debezium-mysql-flights");
        Awaitility.await("stopped").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> "STOPPED".equals(connect.status("debezium-mysql-flights").state()));
        connect.resume("debezium-mysql-flights");
        written.addAll(insertInto(table, 1, "label, quantity", "'row', 1"));
        List<Long> onTopic = idsOnTopic(table, written.size());
        assertThat(onTopic).containsAll(written);
        assertThat(onTopic).as("every row change once, across the failure and restarts").doesNotHaveDuplicates();
        assertThat(connect.status("debezium-mysql-flights").running()).isTrue();
    }

    @Test
    void shouldFollowRenamedTruncatedRekeyedAndDroppedTables() throws Exception {
        ddl("CREATE TABLE ddl_tables (id INT AUTO_INCREMENT PRIMARY KEY, label VARCHAR(50) NULL, qty INT NOT NULL)");
        Set<Long> before = new HashSet<>(insert("ddl_tables", 2));
        assertThat(idsOnTopic("ddl_tables", before.size())).containsAll(before);

        // RENAME TABLE: the rows go on under the new name's topic and subjects.
        String rename = "RENAME TABLE ddl_tables TO ddl_renamed";
        assertThat(schemaCheck(rename)).isZero();
        ddl(rename);
        Set<Long> renamed = new HashSet<>(insert("ddl_renamed", 2));
        // TRUNCATE: Debezium skips it (skipped.operations default), later rows flow on.
        ddl("TRUNCATE TABLE ddl_renamed");
        renamed.addAll(insert("ddl_renamed", 1));
        // A primary key widened INT → BIGINT: the registry accepts it (int → long), but the key bytes change.
        String rekey = "ALTER TABLE ddl_renamed MODIFY id BIGINT NOT NULL AUTO_INCREMENT";
        assertThat(schemaCheck(rekey)).isZero();
        ddl(rekey);
        renamed.addAll(insert("ddl_renamed", 1));
        try (CdcTopic topic = new CdcTopic(stack.profile(), "cdc.flights.ddl_renamed")) {
            List<ConsumerRecord<byte[], byte[]>> all = topic.readUntil(records -> ids(records).containsAll(renamed), Duration.ofSeconds(90));
            assertThat(all).as("no truncate record").allSatisfy(r -> assertThat(
                    r.value() == null ? "tombstone" : avro.decode(r.value()).record().get("op").toString()).isNotEqualTo("t"));
            Set<Integer> keySchemas = all.stream().map(r -> ConfluentAvroDecoder.schemaId(r.key())).collect(Collectors.toSet());
            assertThat(keySchemas).as("keys written with the INT and then the BIGINT key schema").hasSize(2);
        }

        // DROP TABLE: nothing new is registered; capture of the rest goes on.
        assertThat(schemaCheck("DROP TABLE ddl_renamed")).isZero();
        ddl("DROP TABLE ddl_renamed");
        createTable("ddl_after_drop");
        List<Long> after = insert("ddl_after_drop", 1);
        assertThat(idsOnTopic("ddl_after_drop", 1)).containsAll(after);
        assertThat(stack.profile().connect().status("debezium-mysql-flights").running()).isTrue();
    }

    @Test
    void shouldRebuildTheSchemaHistoryWithoutLosingOrRepeatingARow() throws Exception {
        String table = "ddl_history";
        Set<Long> written = capturedTableWithRows(table);

        long started = System.nanoTime();
        assertThat(flightdeck("schema", "rebuild-history")).isZero();
        System.out.printf("schema rebuild-history took %d ms%n", Duration.ofNanos(System.nanoTime() - started).toMillis());
        ConnectClient connect = stack.profile().connect();
        assertThat(connect.config("debezium-mysql-flights").path("snapshot.mode").asText()).isEqualTo("initial");

        written.addAll(insert(table, 2));
        ddl("ALTER TABLE " + table + " ADD COLUMN after_rebuild VARCHAR(10) NULL"); // the rebuilt history parses what follows
        written.addAll(insert(table, 1));
        List<Long> onTopic = idsOnTopic(table, written.size());
        assertThat(onTopic).containsAll(written).doesNotHaveDuplicates();
    }

    @Test
    void shouldKeepEveryReadModelRightAcrossDdlOnTheTablesItReads() throws Exception {
        Map<String, Map<TopicPartition, Long>> deadLetters = new java.util.HashMap<>();
        for (String topic : List.of("seat-availability-dlq", "anomaly-detector-dlq")) {
            deadLetters.put(topic, CdcTopic.ends(stack.profile(), topic));
        }
        for (String ddl : List.of("ALTER TABLE booking ADD COLUMN sales_channel VARCHAR(16) NULL",
                "ALTER TABLE flight ADD COLUMN gate VARCHAR(8) NOT NULL DEFAULT 'TBA'")) {
            assertThat(schemaCheck(ddl)).as(ddl).isZero();
            ddl(ddl);
        }
        stack.simulateTraffic(30, Duration.ofSeconds(15)); // bookings and fares change under the new schemas

        Reconciler.Report report = DeploymentReadModels.of(stack.profile()).reconciler()
                .run(Duration.ofMinutes(2), true, Progress.console(System.out));
        assertThat(report.verdicts()).hasSize(4).allSatisfy(v -> assertThat(v.drift()).as(v.model() + " vs MySQL").isEmpty());
        deadLetters.forEach((topic, before) -> assertThat(CdcTopic.ends(stack.profile(), topic))
                .as("nothing dead-lettered by " + topic).isEqualTo(before));
    }

    /** {@code flightdeck schema check DDL} against the test stack's cluster profile; its exit status. */
    private int schemaCheck(String ddl) {
        return flightdeck("schema", "check", ddl);
    }

    /** An ops command given the stack's profile with --config, as on any cluster; its exit status. */
    private int flightdeck(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(args));
        command.addAll(List.of("--config", stack.driver().profileFile().toString()));
        return stack.driver().run(command.toArray(String[]::new)).exitCode();
    }

    /** A new captured table with two rows, both already on its topic; their ids. */
    private Set<Long> capturedTableWithRows(String table) throws Exception {
        createTable(table);
        Set<Long> written = new HashSet<>(insert(table, 2));
        assertThat(idsOnTopic(table, written.size())).containsAll(written);
        return written;
    }

    /** {@code flightdeck schema allow} for the table after its refused {@code ddl}; must succeed; prints how long it took. */
    private void allow(String table, String ddl) {
        long started = System.nanoTime();
        assertThat(flightdeck("schema", "allow", "flights." + table)).as("schema allow after " + ddl).isZero();
        System.out.printf("schema allow after %s: capture restored in %d ms%n", ddl, Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private void createTable(String table) throws Exception {
        String create = "CREATE TABLE " + table + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, label VARCHAR(50) NULL, qty INT NOT NULL, "
                + "kind ENUM('A','B') NULL)";
        assertThat(schemaCheck(create)).as("a new table is a new subject").isZero();
        ddl(create);
    }

    private void ddl(String statement) throws Exception {
        try (Connection admin = stack.admin(); Statement ddl = admin.createStatement()) {
            ddl.execute(statement);
        }
    }

    /** Inserts rows into a table made by {@link #createTable}, one transaction each; their ids. */
    private List<Long> insert(String table, int rows) throws Exception {
        return insertInto(table, rows, "label, qty", "'row', 1");
    }

    /** The same, also setting {@code requiredColumn} (a NOT NULL column without a default). */
    private List<Long> insert(String table, int rows, String requiredColumn) throws Exception {
        return insertInto(table, rows, "label, qty, " + requiredColumn, "'row', 1, 7");
    }

    /** Inserts rows with the given columns and values (the same for each row), one transaction each; their ids. */
    private List<Long> insertInto(String table, int rows, String columns, String values) throws Exception {
        List<Long> ids = new java.util.ArrayList<>();
        try (Connection admin = stack.admin(); Statement insert = admin.createStatement()) {
            for (int i = 0; i < rows; i++) {
                insert.executeUpdate("INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ")", Statement.RETURN_GENERATED_KEYS);
                try (var keys = insert.getGeneratedKeys()) {
                    keys.next();
                    ids.add(keys.getLong(1));
                }
            }
        }
        return ids;
    }

    /** The ids of every row change on the table's topic, once at least {@code expected} are there (a minute at most). */
    private List<Long> idsOnTopic(String table, int expected) {
        try (CdcTopic topic = new CdcTopic(stack.profile(), "cdc.flights." + table)) {
            List<ConsumerRecord<byte[], byte[]>> all = topic.readUntil(records -> ids(records).size() >= expected, Duration.ofSeconds(90));
            return ids(all);
        }
    }

    private List<Long> ids(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().filter(r -> r.value() != null)
                .map(r -> (GenericRecord) avro.decode(r.value()).record().get("after"))
                .filter(after -> after != null).map(after -> ((Number) after.get("id")).longValue()).collect(Collectors.toList());
    }

    private GenericRecord alert(Map<TopicPartition, Long> from, String type, Duration timeout) {
        GenericRecord[] found = new GenericRecord[1];
        try (CdcTopic topic = new CdcTopic(stack.profile(), "anomalies", from)) {
            topic.forEachUntil(r -> {
                GenericRecord alert = avro.decode(r.value()).record();
                if (found[0] == null && alert.get("type").toString().equals(type)) {
                    found[0] = alert;
                }
            }, () -> found[0] != null, timeout);
        }
        return found[0];
    }
}
