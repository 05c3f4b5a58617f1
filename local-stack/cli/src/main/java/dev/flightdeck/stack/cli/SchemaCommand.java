package dev.flightdeck.stack.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flightdeck.database.DurationText;
import dev.flightdeck.cdc.CaptureFailure;
import dev.flightdeck.cdc.DdlEvent;
import dev.flightdeck.cdc.SchemaHistory;
import dev.flightdeck.cdc.SourcePosition;
import dev.flightdeck.stack.ConnectRest;
import dev.flightdeck.stack.RegistryRules;
import dev.flightdeck.stack.StackEndpoints;
import dev.flightdeck.stack.StackException;
import dev.flightdeck.stack.schema.DdlPreflight;
import java.sql.Connection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "schema", description = "The schema registry's subjects and rules, and recovery when a DDL statement's new schema "
        + "was refused and capture of its table stopped.", subcommands = {SchemaCommand.Subjects.class, SchemaCommand.Check.class, SchemaCommand.Allow.class,
        SchemaCommand.RebuildHistory.class})
final class SchemaCommand {

    private static final String DEBEZIUM_MYSQL = "io.debezium.connector.mysql.MySqlConnector";

    @ParentCommand
    FlightdeckCli cli;

    @Command(name = "subjects", description = "Lists every subject with its versions and the compatibility rule that applies to it.")
    static final class Subjects implements Callable<Integer> {

        @ParentCommand
        SchemaCommand schema;

        @Override
        public Integer call() throws Exception {
            RegistryRules registry = new RegistryRules(schema.cli.stack().endpoints().apicurioRegistryUrl());
            String global = registry.globalRule();
            List<RegistryRules.Subject> subjects = registry.subjects();
            System.out.printf(Locale.ROOT, "%-48s %8s  %s%n", "SUBJECT", "VERSIONS", "COMPATIBILITY");
            for (RegistryRules.Subject s : subjects) {
                System.out.printf(Locale.ROOT, "%-48s %8d  %s%n", s.name(), s.versions(),
                        s.ownRule() == null ? global + " (global)" : s.ownRule() + " (this subject)");
            }
            System.out.printf(Locale.ROOT, "%n%d subjects; global rule %s%n", subjects.size(), global);
            return 0;
        }
    }

    @Command(name = "allow", description = {
            "Lets one breaking schema change through on one table's subject, then restores the rule: relaxes the subject's "
                    + "compatibility to NONE, restarts the failed capture task (or waits for you to run the DDL), waits until the "
                    + "new schema is registered and capture runs, and puts the rule back. Each step is checked.",
            "Use it after a CONNECTOR_FAILED alert for a refused schema, or before a DDL `schema` warns about. Consumers "
                    + "must cope with the change (a new NOT NULL column without a default: old records lack it)."})
    static final class Allow implements Callable<Integer> {

        @ParentCommand
        SchemaCommand schema;

        @Parameters(paramLabel = "TABLE", description = "The table (flights.passenger) or the subject (cdc.flights.passenger-value).")
        String table;

        @Option(names = "--timeout", defaultValue = "5m", paramLabel = "DURATION",
                description = "How long to wait for the new schema (default: ${DEFAULT-VALUE}); the rule is restored either way.")
        String timeout;

        @Override
        public Integer call() throws Exception {
            StackEndpoints endpoints = schema.cli.stack().endpoints();
            ConnectRest connect = new ConnectRest(endpoints.connectUrl());
            RegistryRules registry = new RegistryRules(endpoints.apicurioRegistryUrl());
            String connector = debeziumConnector(connect);
            String subject = subject(connect, connector, table);
            RegistryRules.Subject before = registry.subject(subject);
            if (before == null) {
                throw new StackException("the registry has no subject " + subject + " (see ./flightdeck schema subjects)");
            }
            String rule = before.ownRule();
            step("1. relax " + subject + " (" + before.versions() + " versions, rule " + (rule == null ? "global" : rule) + ") to NONE");
            registry.setOwnRule(subject, "NONE");
            done("its rule is NONE now");
            boolean registered = false;
            ObjectNode original = connect.config(connector);
            SourcePosition skippedAt = null; // a statement the task was told to skip: restored only once capture is past it
            try {
                ConnectRest.ConnectorStatus status = connect.status(connector);
                if (!status.running()) {
                    step("2. restart the failed tasks of " + connector + " (" + describe(status) + ")");
                    connect.restart(connector);
                    done("restart requested");
                } else {
                    step("2. " + connector + " is running: run the DDL now; waiting for its new schema");
                }
                step("3. wait for a new version of " + subject + " and for " + connector + " to run (at most " + timeout + ")");
                long deadline = System.nanoTime() + DurationText.parse(timeout).toNanos();
                long nextNote = 0;
                while (System.nanoTime() < deadline) {
                    RegistryRules.Subject now = registry.subject(subject);
                    status = connect.status(connector);
                    registered = now.versions() > before.versions();
                    if (registered && status.running()) {
                        done("version " + now.versions() + " registered; " + connector + " RUNNING");
                        break;
                    }
                    String replayed = skippedAt != null ? null : replayRefused(status);
                    if (replayed != null) {
                        skippedAt = skipReplayedStatement(endpoints, connect, connector, original, CaptureFailure.table(subject),
                                replayed);
                    } else if (System.nanoTime() > nextNote) {
                        System.out.printf("     %d versions; %s%n", now.versions(), describe(status));
                        nextNote = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    }
                    Thread.sleep(500); // polling the registry and Connect: nothing to wait on but their answers
                }
            } finally {
                step("4. restore the rule of " + subject + " to " + (rule == null ? "the global rule" : rule));
                registry.setOwnRule(subject, rule);
                done("restored");
                if (skippedAt != null) {
                    // The skipped statement is in the history twice now (Debezium records it again when it skips it), and a
                    // task started without the skip would fail on the second copy while recovering: rebuild the history.
                    SourcePosition statement = skippedAt;
                    step("5. wait until " + connector + "'s committed offset is past the statement");
                    awaitCondition(() -> past(connect, connector, statement), DurationText.parse(timeout),
                            "the committed offset of " + connector + " passes " + skippedAt);
                    done("past it");
                    step("6. rebuild the schema history (the skipped statement is in it twice) with " + connector + "'s own config");
                    RebuildHistory.rebuild(endpoints, connect, connector, original, DurationText.parse(timeout), "6");
                    done(connector + " RUNNING with its own config");
                }
            }
            if (!registered) {
                System.out.println("No new schema was registered in time; nothing changed. Check ./flightdeck status and the Connect log "
                        + "(./flightdeck logs connect).");
                return 1;
            }
            System.out.println("Capture of " + subject.replaceFirst("-(key|value)$", "") + " runs again; the changes since the DDL "
                    + "follow from where the task stopped (nothing is skipped).");
            return 0;
        }
    }

    @Command(name = "check", description = {
            "Predicts, before you run it, whether a DDL statement's new schema will be accepted by the registry's rules: "
                    + "Debezium's own DDL parser and schema builder make the table's next schema from its current definition and "
                    + "the running connector's settings; the registry's compatibility endpoint judges it. Nothing is changed.",
            "Exit status: 0 accepted, 1 refused (capture of the table would stop)."})
    static final class Check implements Callable<Integer> {

        @ParentCommand
        SchemaCommand schema;

        @Parameters(paramLabel = "DDL", description = "The statement, quoted: \"ALTER TABLE passenger ADD loyalty_tier INT NOT NULL\"")
        String ddl;

        @Option(names = "--database", defaultValue = "flights", description = "The database the statement runs in (default: ${DEFAULT-VALUE}).")
        String database;

        @Override
        public Integer call() throws Exception {
            // Debezium's parser warns about every column without an explicit charset: not news to the person asking.
            System.setProperty("org.slf4j.simpleLogger.log.io.debezium", "error");
            StackEndpoints endpoints = schema.cli.stack().endpoints();
            ConnectRest connect = new ConnectRest(endpoints.connectUrl());
            String connector = debeziumConnector(connect);
            Map<String, String> config = new java.util.HashMap<>();
            connect.config(connector).properties().forEach(e -> config.put(e.getKey(), e.getValue().asText()));
            DdlPreflight.Verdict verdict;
            StackEndpoints.Mysql mysql = endpoints.mysql();
            try (Connection db = DriverManager.getConnection(mysql.jdbcUrl(), mysql.user(), mysql.password())) {
                verdict = new DdlPreflight(config, endpoints.schemaRegistryUrl()).check(db, database, ddl);
            }
            System.out.println("DDL: " + verdict.ddl());
            if (verdict.tablesChanged().isEmpty()) {
                System.out.println("It changes no table Debezium knows in " + database + ": nothing new would be registered.");
                return 0;
            }
            System.out.println("Tables changed: " + String.join(", ", verdict.tablesChanged()));
            for (DdlPreflight.SubjectVerdict subject : verdict.subjects()) {
                String outcome = subject.newSubject() ? "accepted (a new subject: no earlier version to be compatible with)"
                        : subject.compatible() ? "accepted by the registry's rule"
                        : "REFUSED by the registry's rule: capture would stop at this statement (for every table the task captures)";
                System.out.printf("%n%s: %s%n", subject.subject(), outcome);
                subject.fieldChanges().forEach(change -> System.out.println("  change:  " + change));
                subject.registryMessages().forEach(message -> System.out.println("  registry: " + message));
                subject.advice().forEach(advice -> System.out.println("  instead: " + advice));
            }
            System.out.println(verdict.accepted() ? "\nSafe to run." : "\nDo not run it as it is (see 'instead' above).");
            return verdict.accepted() ? 0 : 1;
        }
    }

    @Command(name = "rebuild-history", description = {
            "Rebuilds Debezium's schema history from the tables' current definitions, for a capture task that fails to start "
                    + "because its history cannot be read or parsed: deletes the history topic, restarts the connector once with "
                    + "snapshot.mode=recovery, waits until it runs with a new history, then puts its config back. Streaming resumes "
                    + "from the committed offset; no row is read again.",
            "Safe only when no DDL ran between the task's last committed position and now: the history is rebuilt with the "
                    + "current definitions, and changes still to be read must match them."})
    static final class RebuildHistory implements Callable<Integer> {

        @ParentCommand
        SchemaCommand schema;

        @Option(names = "--timeout", defaultValue = "3m", paramLabel = "DURATION",
                description = "How long to wait for each restart (default: ${DEFAULT-VALUE}).")
        String timeout;

        @Override
        public Integer call() throws Exception {
            StackEndpoints endpoints = schema.cli.stack().endpoints();
            ConnectRest connect = new ConnectRest(endpoints.connectUrl());
            String connector = debeziumConnector(connect);
            rebuild(endpoints, connect, connector, connect.config(connector), DurationText.parse(timeout), "");
            System.out.println(connector + " runs with a rebuilt schema history; streaming goes on from its committed offset.");
            return 0;
        }

        /**
         * Stops the connector, deletes its history topic, starts it once with snapshot.mode=recovery and then with
         * {@code config}; each step numbered under {@code parentStep} ("6" gives 6a, 6b...; "" gives 1, 2...).
         */
        static void rebuild(StackEndpoints endpoints, ConnectRest connect, String connector, ObjectNode config, Duration wait,
                            String parentStep) throws Exception {
            String historyTopic = config.path("schema.history.internal.kafka.topic").asText();
            if (historyTopic.isEmpty()) {
                throw new StackException(connector + " keeps no Kafka schema history (schema.history.internal.kafka.topic is not set)");
            }
            java.util.function.IntFunction<String> n = i -> parentStep.isEmpty() ? i + "." : parentStep + (char) ('a' + i - 1) + ".";
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap()))) {
                step(n.apply(1) + " stop " + connector + " (its offsets stay)");
                connect.stop(connector);
                awaitState(connect, connector, "STOPPED", wait);
                done("stopped");
                step(n.apply(2) + " delete the history topic " + historyTopic);
                if (admin.listTopics().names().get().contains(historyTopic)) {
                    admin.deleteTopics(List.of(historyTopic)).all().get();
                    awaitCondition(() -> !admin.listTopics().names().get().contains(historyTopic), wait, "the topic is gone");
                }
                done("deleted");
                step(n.apply(3) + " start " + connector + " with snapshot.mode=recovery: it writes the current table definitions as its history");
                ObjectNode recovery = config.deepCopy();
                recovery.put("snapshot.mode", "recovery");
                connect.putConfig(connector, recovery);
                connect.resume(connector);
                awaitState(connect, connector, "RUNNING", wait);
                awaitCondition(() -> messages(admin, historyTopic) > 0, wait, "the history topic has statements");
                done("running; " + messages(admin, historyTopic) + " statements in " + historyTopic);
            } finally {
                step(n.apply(4) + " put the connector's own config back (snapshot.mode " + config.path("snapshot.mode").asText("initial") + ")");
                connect.putConfig(connector, config);
                done("restored");
            }
            awaitState(connect, connector, "RUNNING", wait);
        }

        private static long messages(Admin admin, String topic) throws Exception {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(info -> info.offset()).sum();
        }
    }

    /** Waits until the connector (and, when RUNNING is asked for, every task) is in {@code state}. */
    private static void awaitState(ConnectRest connect, String connector, String state, Duration timeout) throws Exception {
        awaitCondition(() -> {
            ConnectRest.ConnectorStatus status = connect.status(connector);
            return "RUNNING".equals(state) ? status.running() : state.equals(status.state());
        }, timeout, connector + " " + state);
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitCondition(Condition condition, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new StackException("gave up waiting after " + timeout.toSeconds() + " s: " + what
                        + " (see ./flightdeck status and ./flightdeck logs connect)");
            }
            Thread.sleep(500); // polling Connect and Kafka: nothing to wait on but their answers
        }
    }

    /**
     * The statement a restarted task failed to apply again, or null. Debezium writes a statement to
     * its schema history before the events after it; when those events were refused and rolled
     * back, the restarted task reads the statement from the binlog once more and applies it to a
     * history that has it already: harmless for ADD or MODIFY, a ParsingException for RENAME.
     */
    private static String replayRefused(ConnectRest.ConnectorStatus status) {
        for (ConnectRest.TaskStatus task : status.tasks()) {
            if ("FAILED".equals(task.state()) && task.trace() != null && task.trace().contains("ParsingException")) {
                java.util.regex.Matcher query = java.util.regex.Pattern.compile("Query: (.+)").matcher(task.trace());
                return query.find() ? query.group(1).trim() : "";
            }
        }
        return null;
    }

    /** True once the connector's committed binlog position is after the statement's. */
    private static boolean past(ConnectRest connect, String connector, SourcePosition statement) throws Exception {
        for (Map<String, Object> offset : connect.offsets(connector)) {
            Object file = offset.get("file");
            Object pos = offset.get("pos");
            if (file != null && pos instanceof Number position) {
                int byFile = file.toString().compareTo(statement.binlogFile());
                if (byFile > 0 || byFile == 0 && position.longValue() > statement.binlogPosition()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Restarts the connector once with the replayed statement skipped, after checking its history
     * already has it; returns where the statement sits in the binlog.
     */
    private static SourcePosition skipReplayedStatement(StackEndpoints endpoints, ConnectRest connect, String connector, ObjectNode original,
                                              String table, String statement) throws Exception {
        step("3b. the restarted task cannot apply `" + statement + "` a second time: its schema history has it already");
        String historyTopic = original.path("schema.history.internal.kafka.topic").asText();
        Optional<DdlEvent> last = new SchemaHistory(endpoints.kafkaBootstrap()).lastOn(historyTopic, table);
        if (statement.isEmpty() || last.isEmpty() || !last.get().ddl().contains(statement)) {
            throw new StackException("the task fails on `" + statement + "`, which is not the newest statement on " + table
                    + " in " + historyTopic + " (" + last.map(DdlEvent::ddl).orElse("none") + "); rebuild the history: "
                    + "./flightdeck schema rebuild-history");
        }
        done("the newest statement on " + table + " in " + historyTopic + " is `" + last.get().ddl() + "`");
        ObjectNode skip = original.deepCopy();
        skip.put("schema.history.internal.skip.unparseable.ddl", "true");
        connect.putConfig(connector, skip);
        done("restarted with schema.history.internal.skip.unparseable.ddl=true, until capture is past it");
        return last.get().source();
    }

    /** The stack's Debezium MySQL connector. */
    static String debeziumConnector(ConnectRest connect) throws Exception {
        for (String name : connect.connectors()) {
            ObjectNode config = connect.config(name);
            if (config != null && DEBEZIUM_MYSQL.equals(config.path("connector.class").asText())) {
                return name;
            }
        }
        throw new StackException("no Debezium MySQL connector is registered on " + connect.baseUrl());
    }

    /** "flights.passenger" → "cdc.flights.passenger-value", with the connector's topic prefix; a subject stays as it is. */
    static String subject(ConnectRest connect, String connector, String tableOrSubject) throws Exception {
        if (tableOrSubject.endsWith("-value") || tableOrSubject.endsWith("-key")) {
            return tableOrSubject;
        }
        if (!tableOrSubject.matches("[A-Za-z0-9_]+\\.[A-Za-z0-9_]+")) {
            throw new StackException("name a table as database.table (flights.passenger) or a subject (cdc.flights.passenger-value): "
                    + tableOrSubject);
        }
        return connect.config(connector).path("topic.prefix").asText() + "." + tableOrSubject + "-value";
    }

    private static String describe(ConnectRest.ConnectorStatus status) {
        return status.name() + " " + status.state() + ", tasks " + status.tasks().stream()
                .map(t -> t.id() + ":" + t.state()).toList();
    }

    private static void step(String text) {
        System.out.println("  " + text);
    }

    private static void done(String text) {
        System.out.println("     ok: " + text);
    }
}
