package dev.flightdeck.ops.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flightdeck.cdc.DdlEvent;
import dev.flightdeck.cdc.SourcePosition;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.clients.connect.CaptureFailure;
import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.clients.connect.SchemaHistory;
import dev.flightdeck.clients.registry.RegistryClient;
import dev.flightdeck.ops.OpsException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Recovery of Debezium's capture after a DDL statement: letting one refused schema change through
 * a table's subject ({@link #allow}), and rebuilding the connector's schema history
 * ({@link #rebuildHistory}). Each step is printed as it is done and checked before the next.
 */
public final class CaptureRecovery {

    static final String DEBEZIUM_MYSQL = "io.debezium.connector.mysql.MySqlConnector";
    private static final Pattern QUERY = Pattern.compile("Query: (.+)");

    private final ClusterProfile profile;
    private final ConnectClient connect;
    private final RegistryClient registry;
    private final PrintStream out;

    private final PendingRuleRestores pending;

    public CaptureRecovery(ClusterProfile profile, PrintStream out) {
        this(profile, PendingRuleRestores.forThisUser(), out);
    }

    public CaptureRecovery(ClusterProfile profile, PendingRuleRestores pending, PrintStream out) {
        this.profile = profile;
        this.connect = profile.connect();
        this.registry = profile.registry();
        this.pending = pending;
        this.out = out;
    }

    /**
     * Relaxes the subject's compatibility to NONE, restarts the failed capture task (or waits for
     * the DDL to run), waits until the new schema is registered and capture runs, and puts the
     * rule back, whatever happens in between. True when a new version was registered in time.
     */
    public boolean allow(String tableOrSubject, Duration timeout) throws Exception {
        String connector = debeziumConnector();
        String subject = subject(connector, tableOrSubject);
        RegistryClient.Subject before = registry.subject(subject)
                .orElseThrow(() -> new OpsException("the registry has no subject " + subject + " (see flightdeck schema subjects)"));
        String rule = before.ownRule();
        boolean registered = false;
        ObjectNode original = connect.config(connector);
        SourcePosition skippedAt = null; // a statement the task was told to skip: restored only once capture is past it
        // A crash or SIGKILL skips both the finally below and the hook: the note lets the next command restore it.
        pending.record(registry, subject, rule);
        // Ctrl-C ends the JVM without running the finally below: the hook puts the rule back then.
        Thread restoreOnExit = new Thread(() -> restoreQuietly(subject, rule), "restore-" + subject);
        Runtime.getRuntime().addShutdownHook(restoreOnExit);
        try {
            step("1. relax " + subject + " (" + before.versions() + " versions, rule " + (rule == null ? "global" : rule) + ") to NONE");
            registry.setOwnRule(subject, "NONE");
            done("its rule is NONE now");
            ConnectClient.ConnectorStatus status = connect.status(connector);
            if (!status.running()) {
                step("2. restart the failed tasks of " + connector + " (" + describe(status) + ")");
                connect.restart(connector);
                done("restart requested");
            } else {
                step("2. " + connector + " is running: run the DDL now; waiting for its new schema");
            }
            step("3. wait for a new version of " + subject + " and for " + connector + " to run (at most " + timeout.toSeconds() + " s)");
            long deadline = System.nanoTime() + timeout.toNanos();
            long nextNote = 0;
            while (System.nanoTime() < deadline) {
                int versions = registry.subject(subject).map(RegistryClient.Subject::versions).orElse(0);
                status = connect.status(connector);
                registered = versions > before.versions();
                if (registered && status.running()) {
                    done("version " + versions + " registered; " + connector + " RUNNING");
                    break;
                }
                String replayed = skippedAt != null ? null : replayRefused(status);
                if (replayed != null) {
                    skippedAt = skipReplayedStatement(connector, original, CaptureFailure.table(subject), replayed);
                } else if (System.nanoTime() > nextNote) {
                    out.printf("     %d versions; %s%n", versions, describe(status));
                    nextNote = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                }
                Thread.sleep(500); // polling the registry and Connect: nothing to wait on but their answers
            }
        } finally {
            step("4. restore the rule of " + subject + " to " + (rule == null ? "the global rule" : rule));
            registry.setOwnRule(subject, rule);
            pending.done(registry, subject);
            done("restored");
            try {
                Runtime.getRuntime().removeShutdownHook(restoreOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway and sets the same rule again
            }
            if (skippedAt != null) {
                // The skipped statement is in the history twice now (Debezium records it again when it skips it), and a
                // task started without the skip would fail on the second copy while recovering: rebuild the history.
                SourcePosition statement = skippedAt;
                step("5. wait until " + connector + "'s committed offset is past the statement");
                awaitCondition(() -> past(connector, statement), timeout, "the committed offset of " + connector + " passes " + skippedAt);
                done("past it");
                step("6. rebuild the schema history (the skipped statement is in it twice) with " + connector + "'s own config");
                rebuild(connector, original, timeout, "6");
                done(connector + " RUNNING with its own config");
            }
        }
        return registered;
    }

    private void restoreQuietly(String subject, String rule) {
        try {
            registry.setOwnRule(subject, rule);
            pending.done(registry, subject);
            System.err.println("flightdeck: interrupted; the rule of " + subject + " is restored to " + (rule == null ? "the global rule" : rule));
        } catch (RuntimeException e) {
            System.err.println("flightdeck: interrupted, and the rule of " + subject + " could NOT be restored (" + e.getMessage()
                    + "); restore it by hand: its rule was " + (rule == null ? "none of its own" : rule));
        }
    }

    /**
     * Stops the connector, deletes its history topic, starts it once with snapshot.mode=recovery and
     * then with its own config again. Returns the connector's name.
     */
    public String rebuildHistory(Duration timeout) throws Exception {
        String connector = debeziumConnector();
        rebuild(connector, connect.config(connector), timeout, "");
        return connector;
    }

    /** The deployment's Debezium MySQL connector. */
    public String debeziumConnector() {
        for (String name : connect.connectors()) {
            ObjectNode config = connect.config(name);
            if (config != null && DEBEZIUM_MYSQL.equals(config.path("connector.class").asText())) {
                return name;
            }
        }
        throw new OpsException("no Debezium MySQL connector is registered on " + connect.baseUrl());
    }

    /** The running connector's config as plain strings, as Debezium's config classes take it. */
    public Map<String, String> connectorSettings(String connector) {
        Map<String, String> config = new HashMap<>();
        connect.config(connector).properties().forEach(e -> config.put(e.getKey(), e.getValue().asText()));
        return config;
    }

    /** "flights.passenger" → "cdc.flights.passenger-value", with the connector's topic prefix; a subject stays as it is. */
    String subject(String connector, String tableOrSubject) {
        if (tableOrSubject.endsWith("-value") || tableOrSubject.endsWith("-key")) {
            return tableOrSubject;
        }
        if (!tableOrSubject.matches("[A-Za-z0-9_]+\\.[A-Za-z0-9_]+")) {
            throw new OpsException("name a table as database.table (flights.passenger) or a subject (cdc.flights.passenger-value): "
                    + tableOrSubject);
        }
        return connect.config(connector).path("topic.prefix").asText() + "." + tableOrSubject + "-value";
    }

    /** Each step numbered under {@code parentStep} ("6" gives 6a, 6b...; "" gives 1, 2...). */
    private void rebuild(String connector, ObjectNode config, Duration wait, String parentStep) throws Exception {
        String historyTopic = config.path("schema.history.internal.kafka.topic").asText();
        if (historyTopic.isEmpty()) {
            throw new OpsException(connector + " keeps no Kafka schema history (schema.history.internal.kafka.topic is not set)");
        }
        IntFunction<String> n = i -> parentStep.isEmpty() ? i + "." : parentStep + (char) ('a' + i - 1) + ".";
        try (Admin admin = profile.admin()) {
            step(n.apply(1) + " stop " + connector + " (its offsets stay)");
            connect.stop(connector);
            awaitState(connector, "STOPPED", wait);
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
            awaitState(connector, "RUNNING", wait);
            awaitCondition(() -> messages(admin, historyTopic) > 0, wait, "the history topic has statements");
            done("running; " + messages(admin, historyTopic) + " statements in " + historyTopic);
        } finally {
            step(n.apply(4) + " put the connector's own config back (snapshot.mode " + config.path("snapshot.mode").asText("initial") + ")");
            connect.putConfig(connector, config);
            done("restored");
        }
        awaitState(connector, "RUNNING", wait);
    }

    /**
     * The statement a restarted task failed to apply again, or null. Debezium writes a statement to
     * its schema history before the events after it; when those events were refused and rolled
     * back, the restarted task reads the statement from the binlog once more and applies it to a
     * history that has it already: harmless for ADD or MODIFY, a ParsingException for RENAME.
     */
    private static String replayRefused(ConnectClient.ConnectorStatus status) {
        for (ConnectClient.TaskStatus task : status.tasks()) {
            if ("FAILED".equals(task.state()) && task.trace() != null && task.trace().contains("ParsingException")) {
                Matcher query = QUERY.matcher(task.trace());
                return query.find() ? query.group(1).trim() : "";
            }
        }
        return null;
    }

    /** True once the connector's committed binlog position is after the statement's. */
    private boolean past(String connector, SourcePosition statement) {
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

    /** Restarts the connector once with the replayed statement skipped, after checking its history already has it. */
    private SourcePosition skipReplayedStatement(String connector, ObjectNode original, String table, String statement) {
        step("3b. the restarted task cannot apply `" + statement + "` a second time: its schema history has it already");
        String historyTopic = original.path("schema.history.internal.kafka.topic").asText();
        Optional<DdlEvent> last = new SchemaHistory(profile.kafkaClientConfig()).lastOn(historyTopic, table);
        if (statement.isEmpty() || last.isEmpty() || !last.get().ddl().contains(statement)) {
            throw new OpsException("the task fails on `" + statement + "`, which is not the newest statement on " + table
                    + " in " + historyTopic + " (" + last.map(DdlEvent::ddl).orElse("none") + "); rebuild the history: "
                    + "flightdeck schema rebuild-history");
        }
        done("the newest statement on " + table + " in " + historyTopic + " is `" + last.get().ddl() + "`");
        ObjectNode skip = original.deepCopy();
        skip.put("schema.history.internal.skip.unparseable.ddl", "true");
        connect.putConfig(connector, skip);
        done("restarted with schema.history.internal.skip.unparseable.ddl=true, until capture is past it");
        return last.get().source();
    }

    private static long messages(Admin admin, String topic) throws Exception {
        var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(info -> info.offset()).sum();
    }

    /** Waits until the connector (and, when RUNNING is asked for, every task) is in {@code state}. */
    private void awaitState(String connector, String state, Duration timeout) throws Exception {
        awaitCondition(() -> {
            ConnectClient.ConnectorStatus status = connect.status(connector);
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
                throw new OpsException("gave up waiting after " + timeout.toSeconds() + " s: " + what
                        + " (see flightdeck status and the Connect worker's log)");
            }
            Thread.sleep(500); // polling Connect and Kafka: nothing to wait on but their answers
        }
    }

    private static String describe(ConnectClient.ConnectorStatus status) {
        return status.name() + " " + status.state() + ", tasks " + status.tasks().stream()
                .map(t -> t.id() + ":" + t.state()).toList();
    }

    private void step(String text) {
        out.println("  " + text);
    }

    private void done(String text) {
        out.println("     ok: " + text);
    }
}
