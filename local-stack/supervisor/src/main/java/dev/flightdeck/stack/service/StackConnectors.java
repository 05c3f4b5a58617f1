package dev.flightdeck.stack.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.clients.connect.ConnectorKafkaLogin;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.ops.kafka.ConsumerLag;
import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackException;
import dev.flightdeck.stack.process.ServiceProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;

/**
 * The connectors of {@code connect-configs/} the local stack runs, each registered through
 * Connect's REST API (validated first, so a bad key is named) as soon as what it needs runs:
 * Debezium once the worker is up, each read-model sink once its store and the
 * {@code flight-availability} topic (created by seat-availability) exist, the Alertmanager sink
 * once Alertmanager runs and the anomaly detector has made the {@code anomalies} topic.
 */
public final class StackConnectors {

    /** A connector file, and the services that must run before it can. */
    public record Spec(String file, List<ServiceId> needs, boolean sink, String kafkaJob) {
    }

    public static final List<Spec> ALL = List.of(
            new Spec("debezium-mysql-flights.json", List.of(ServiceId.MYSQL, ServiceId.KAFKA, ServiceId.SCHEMA_REGISTRY), false,
                    "connect"),
            new Spec("redis-sink-flights.json", List.of(ServiceId.REDIS, ServiceId.SEAT_AVAILABILITY), true, "redis-sink"),
            new Spec("elasticsearch-sink-flights.json", List.of(ServiceId.ELASTICSEARCH, ServiceId.SEAT_AVAILABILITY), true,
                    "elasticsearch-sink"),
            // The anomalies topic is the detector's: the sink waits for it to exist.
            new Spec("alertmanager-sink-anomalies.json", List.of(ServiceId.ALERTMANAGER, ServiceId.ANOMALY_DETECTOR), true,
                    "alertmanager-sink"));

    private static final Duration NUDGE_AFTER = Duration.ofSeconds(15);
    private static final Duration RESTART_GRACE = Duration.ofSeconds(30);

    /**
     * Held from a connector's registration until it runs: every config change makes the worker
     * rebalance, and it answers requests made meanwhile with HTTP 500 ("a rebalance is expected").
     */
    private static final Object ONE_AT_A_TIME = new Object();

    private StackConnectors() {
    }

    /**
     * Registers the connector if Connect, Kafka and what it needs run, waits until it runs and,
     * for Debezium, until its snapshot is done; for a sink, until it has written what its topic holds.
     */
    public static void registerIfReady(StackContext ctx, Spec spec, Predicate<ServiceId> running) throws Exception {
        if (!running.test(ServiceId.CONNECT) || !running.test(ServiceId.KAFKA) || !spec.needs().stream().allMatch(running)) {
            return; // the worker keeps its connectors in Kafka: while the broker is away (a restart), it cannot answer
        }
        ConnectClient rest = ctx.connectClient();
        ConnectClient.ConnectorFile connector = ConnectClient.ConnectorFile.read(ctx.layout().connectConfigs().resolve(spec.file()));
        kafkaUser(ctx, spec, connector.config());
        long begin = System.nanoTime();
        ctx.progress().begin(connector.name(), "registering connect-configs/" + spec.file());
        synchronized (ONE_AT_A_TIME) {
            register(rest, connector);
        }
        String after = !ctx.options().waitForSnapshot() ? ""
                : spec.sink() ? awaitSinkCaughtUp(ctx, connector)
                : SnapshotProgress.await(ctx, rest, connector.name(), Duration.ofMinutes(15));
        ctx.progress().done(connector.name(), Duration.ofNanos(System.nanoTime() - begin), join("running", after));
    }

    /**
     * The stack's Kafka user for a connector's clients, added to the shipped file (which a
     * deployment completes with its own): a sink's consumer, dead-letter producer and admin client
     * log in as the sink's user; Debezium's schema-history clients, which take no settings from the
     * worker, as the worker's. Passwords stay references to files, resolved inside the worker.
     */
    static void kafkaUser(StackContext ctx, Spec spec, ObjectNode config) {
        ConnectorKafkaLogin.apply(config, KafkaAccounts.clientSettings(ctx, spec.kafkaJob()));
    }

    static void register(ConnectClient rest, ConnectClient.ConnectorFile connector) throws InterruptedException {
        ObjectNode running = rest.config(connector.name());
        if (running != null) {
            running.remove("name");
            ObjectNode wanted = connector.config().deepCopy();
            wanted.remove("name");
            if (running.equals(wanted)) {
                // Connect restarts a connector on any PUT, even of the same config: a sink in the
                // middle of its retries would start over. Leave an unchanged connector alone, but
                // give a failed task another chance (the cause may be gone, e.g. a store that was down).
                Map<Integer, String> failed = new HashMap<>();
                rest.status(connector.name()).tasks().stream().filter(t -> "FAILED".equals(t.state()))
                        .forEach(t -> failed.put(t.id(), String.valueOf(t.trace())));
                if (!failed.isEmpty()) {
                    rest.restart(connector.name());
                }
                awaitRunning(rest, connector.name(), Duration.ofSeconds(90), failed);
                return;
            }
        }
        List<String> problems = rest.validate(connector);
        if (!problems.isEmpty()) {
            throw new StackException("connect-configs/" + connector.file().getFileName() + " is not a valid config for "
                    + connector.config().path("connector.class").asText() + ":\n    " + String.join("\n    ", problems));
        }
        rest.put(connector);
        awaitRunning(rest, connector.name(), Duration.ofSeconds(90), Map.of());
    }

    /**
     * A sink consumes as the Connect group {@code connect-NAME}: caught up when its store holds
     * every record the topic had when the wait began (later ones, under live traffic, are not waited for).
     */
    private static String awaitSinkCaughtUp(StackContext ctx, ConnectClient.ConnectorFile connector) throws InterruptedException {
        List<String> topics = List.of(connector.config().path("topics").asText().split("\\s*,\\s*"));
        String group = "connect-" + connector.name();
        long begin = System.nanoTime();
        Duration timeout = Duration.ofMinutes(10);
        try (Admin admin = Admin.create(KafkaBroker.adminConfig(ctx))) {
            long first = -1;
            Map<org.apache.kafka.common.TopicPartition, Long> mark = ConsumerLag.ends(admin, group, topics);
            while (true) {
                long behind = ConsumerLag.ofConnectSink(admin, KafkaBroker.adminConfig(ctx), group, topics, mark);
                first = first < 0 ? behind : first;
                if (behind == 0) {
                    return first == 0 ? "" : String.format("wrote %,d record%s in %s", first, first == 1 ? "" : "s",
                            Progress.seconds(Duration.ofNanos(System.nanoTime() - begin)));
                }
                if (Duration.ofNanos(System.nanoTime() - begin).compareTo(timeout) > 0) {
                    throw new StackException(connector.name() + " is still " + behind + " records behind after "
                            + timeout.toMinutes() + " min; see ./flightdeck logs connect");
                }
                ctx.progress().update(connector.name(), String.format("writing: %,d records to go", behind));
                ServiceProcess.pause(Duration.ofMillis(500));
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new StackException("cannot read the lag of " + group + ": " + e.getCause().getMessage(), e);
        }
    }

    /**
     * Waits until the connector and its tasks run. A connector left UNASSIGNED (as after the
     * broker was restarted under a running worker) is restarted every {@link #NUDGE_AFTER}. A task
     * still showing the failure it was just restarted for ({@code restartedFailures}: task id →
     * trace) is given {@link #RESTART_GRACE} to run before that failure counts.
     */
    static void awaitRunning(ConnectClient rest, String name, Duration timeout, Map<Integer, String> restartedFailures)
            throws InterruptedException {
        long begin = System.nanoTime();
        long deadline = begin + timeout.toNanos();
        long nudgeAt = System.nanoTime() + NUDGE_AFTER.toNanos();
        ConnectClient.ConnectorStatus status;
        do {
            status = rest.status(name);
            if (status.running()) {
                return;
            }
            if (System.nanoTime() > nudgeAt && !"RUNNING".equals(status.state())) {
                rest.restartConnector(name);
                nudgeAt = System.nanoTime() + NUDGE_AFTER.toNanos();
            }
            for (ConnectClient.TaskStatus task : status.tasks()) {
                // A restart is asynchronous: until the worker restarted the task, its status still
                // shows the failure it was restarted for.
                boolean notYetRestarted = String.valueOf(task.trace()).equals(restartedFailures.get(task.id()))
                        && System.nanoTime() - begin < RESTART_GRACE.toNanos();
                if ("FAILED".equals(task.state()) && !notYetRestarted) {
                    throw new StackException("connector " + name + " task " + task.id() + " FAILED: " + task.reason()
                            + "\nFull trace: ./flightdeck status, or ./flightdeck logs connect");
                }
            }
            ServiceProcess.pause(Duration.ofMillis(250));
        } while (System.nanoTime() < deadline);
        throw new StackException("connector " + name + " is " + status.state() + " after " + timeout.toSeconds()
                + " s, tasks " + status.tasks() + "; see ./flightdeck logs connect");
    }


    private static String join(String a, String b) {
        return b.isEmpty() ? a : a + "; " + b;
    }
}
