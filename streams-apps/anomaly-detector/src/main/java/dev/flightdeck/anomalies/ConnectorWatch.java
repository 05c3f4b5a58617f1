package dev.flightdeck.anomalies;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flightdeck.cdc.DdlEvent;
import dev.flightdeck.clients.EndpointException;
import dev.flightdeck.clients.connect.CaptureFailure;
import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.clients.connect.SchemaHistory;
import dev.flightdeck.schemas.Anomaly;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capture that stops silently is the worst failure a CDC platform has: a Debezium task FAILS on a
 * DDL whose new schema the registry refuses, that table's changes stop, and everything else looks
 * healthy. This watches Kafka Connect's connectors and tasks (REST, every few seconds) and raises a
 * critical CONNECTOR_FAILED alert when one fails, with the reason in plain words and, when the
 * registry refused a table's schema, the DDL that caused it; an INFO CONNECTOR_RECOVERED when it
 * runs again. One alert per failure episode while this process runs.
 *
 * <p>Every instance of the app runs a watch, so every instance raises the alert: its id is made
 * only of what every instance sees the same (the connector, the task and the failure, never a
 * clock), and consumers drop repeats by id (the anomalies topic is keyed by it). A failure caused
 * by a DDL is named by the statement's binlog position; any other by the first line of its trace
 * (the exception and its message). The same reason failing again after a recovery has the same id
 * as before: the CONNECTOR_RECOVERED alert between them has its own.
 */
final class ConnectorWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectorWatch.class);

    /** What failed: a connector ("debezium-mysql-flights") or one of its tasks ("debezium-mysql-flights/0"). */
    private record Failure(String connector, Integer task, String trace) {
        String name() {
            return task == null ? connector : connector + "/" + task;
        }
    }

    private final ConnectClient connect;
    private final Duration every;
    private final Producer<String, Anomaly> producer;
    private final String anomaliesTopic;
    private final SchemaHistory history;
    private final Alerts alerts;
    private final Map<String, String> open = new HashMap<>(); // failed connector or task → id of its alert
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "connector-watch");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean reachable = true;

    /** @param history where the DDL that broke a table's capture is looked up */
    ConnectorWatch(ConnectClient connect, Duration every, Producer<String, Anomaly> producer, String anomaliesTopic,
                   SchemaHistory history, Alerts alerts) {
        this.connect = connect;
        this.every = every;
        this.producer = producer;
        this.anomaliesTopic = anomaliesTopic;
        this.history = history;
        this.alerts = alerts;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::checkQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        log.info("watching Kafka Connect at {} every {} ms", connect.baseUrl(), every.toMillis());
    }

    private void checkQuietly() {
        try {
            check();
            if (!reachable) {
                log.info("Kafka Connect at {} answers again", connect.baseUrl());
                reachable = true;
            }
        } catch (IOException | EndpointException e) {
            // A worker restarting is not a capture failure: its tasks report FAILED when they fail.
            if (reachable) {
                log.warn("Kafka Connect at {} or Kafka does not answer ({}); retrying every {} ms", connect.baseUrl(), e.getMessage(),
                        every.toMillis());
                reachable = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("checking Kafka Connect failed", e);
        }
    }

    /** One look at every connector and task; raises what newly failed and what recovered. */
    void check() throws IOException, InterruptedException {
        List<Failure> failures = new ArrayList<>();
        Set<String> running = new HashSet<>();
        for (ConnectClient.ConnectorStatus status : connect.statuses().values()) {
            String connector = status.name();
            if ("FAILED".equals(status.state())) {
                failures.add(new Failure(connector, null, status.trace() == null ? "" : status.trace()));
            } else if ("RUNNING".equals(status.state())) {
                running.add(connector);
            }
            for (ConnectClient.TaskStatus task : status.tasks()) {
                Failure failure = new Failure(connector, task.id(), task.trace() == null ? "" : task.trace());
                if ("FAILED".equals(task.state())) {
                    failures.add(failure);
                } else if ("RUNNING".equals(task.state())) {
                    running.add(failure.name());
                }
            }
        }
        for (Failure failure : failures) {
            if (!open.containsKey(failure.name())) {
                Anomaly alert = failed(failure);
                send(alert);
                open.put(failure.name(), alert.getId());
                log.error("{}", alert.getExplanation());
            }
        }
        for (String name : Set.copyOf(open.keySet())) {
            if (running.contains(name)) {
                send(recovered(name, open.remove(name)));
                log.info("{} is RUNNING again", name);
            }
        }
    }

    private Anomaly failed(Failure failure) throws IOException, InterruptedException {
        CaptureFailure why = CaptureFailure.of(failure.trace());
        Optional<DdlEvent> ddl = Optional.empty();
        if (why.table() != null) {
            ObjectNode config = connect.config(failure.connector());
            String historyTopic = config == null ? "" : config.path("schema.history.internal.kafka.topic").asText("");
            ddl = historyTopic.isEmpty() ? Optional.empty() : history.lastOn(historyTopic, why.table());
        }
        List<String> evidence = new ArrayList<>();
        evidence.add("connector " + failure.connector() + (failure.task() == null ? "" : ", task " + failure.task()));
        evidence.add(why.exception());
        if (why.subject() != null) {
            evidence.add("subject " + why.subject());
        }
        if (why.registryReason() != null) {
            evidence.add("registry: " + why.registryReason());
        }
        ddl.ifPresent(statement -> evidence.add("DDL: " + statement.ddl()));
        String id = ddl.map(statement -> Alerts.stableId(Alerts.CONNECTOR_FAILED, failure.name(), statement.source().binlogFile(),
                        statement.source().binlogPosition()))
                .orElseGet(() -> Alerts.stableId(Alerts.CONNECTOR_FAILED, failure.name(), why.exception()));
        String explanation = failure.name() + " FAILED: " + why.plainWords()
                + ddl.map(statement -> " after `" + statement.ddl() + "`").orElse("")
                + (why.table() == null ? "" : "; the task stopped there, so no change it captures (of any table) reaches Kafka "
                        + "until it runs again. Recovery: ./flightdeck schema allow " + why.table());
        long sourceMillis = ddl.map(statement -> statement.source().commitTime().toEpochMilli()).orElse(alerts.now().toEpochMilli());
        return alerts.begin(id, Alerts.CONNECTOR_FAILED, Alerts.CRITICAL, sourceMillis, evidence, explanation)
                .setConnector(failure.name()).setTable(why.table()).build();
    }

    private Anomaly recovered(String name, String failedId) {
        return alerts.begin(Alerts.stableId(Alerts.CONNECTOR_RECOVERED, failedId), Alerts.CONNECTOR_RECOVERED, Alerts.INFO,
                        alerts.now().toEpochMilli(), List.of("recovers alert " + failedId), name + " is RUNNING again")
                .setConnector(name).build();
    }

    /** Writes the alert and waits for it: an alert not written is tried again at the next check. */
    private void send(Anomaly alert) throws IOException, InterruptedException {
        try {
            producer.send(new ProducerRecord<>(anomaliesTopic, alert.getId(), alert)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not write alert " + alert.getId() + " to " + anomaliesTopic, e);
        }
        alerts.counted(alert);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
