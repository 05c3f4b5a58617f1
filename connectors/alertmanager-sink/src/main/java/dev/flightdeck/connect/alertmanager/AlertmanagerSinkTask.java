package dev.flightdeck.connect.alertmanager;

import dev.flightdeck.connect.sink.SinkRetryOptions;
import dev.flightdeck.connect.sink.SinkRetryOptions.RetryLoop;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anomalies into Alertmanager. Each {@link #put}:
 * <ol>
 *   <li>reads every record: an anomaly raised, or a signal that one cleared (a tombstone for its
 *       id, CONNECTOR_RECOVERED for a CONNECTOR_FAILED); a record it cannot read goes to the
 *       dead-letter topic with the reason;</li>
 *   <li>maps each anomaly to its alert ({@link AlertMapping}), firing until the hold ends, or
 *       resolved now when it cleared in the same batch or lately;</li>
 *   <li>for a clearing whose alert was raised before this batch, finds that alert in Alertmanager
 *       by its labels (a tombstone carries none), to send it back resolved;</li>
 *   <li>sends all the batch's alerts in one request to each Alertmanager ({@link AlertDelivery}),
 *       retrying transient failures with backoff and jitter, and throws {@code RetriableException}
 *       once the attempts are spent, so Connect redelivers the batch (nothing is dropped);</li>
 *   <li>dead-letters the records of the alerts Alertmanager refused, with its answer.</li>
 * </ol>
 * Without a dead-letter topic (errors.tolerance is not 'all') the task stops on such a record,
 * naming it, rather than drop it.
 */
public final class AlertmanagerSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(AlertmanagerSinkTask.class);
    private static final int REMEMBERED_CLEARINGS = 10_000;

    private final Clock clock;
    private final AnomalyRecords records = new AnomalyRecords();
    private final ClearedAnomalies cleared = new ClearedAnomalies(REMEMBERED_CLEARINGS);
    private List<URI> alertmanagers;
    private AlertMapping mapping;
    private RetryLoop retries;
    private AlertmanagerApi api;
    private ErrantRecordReporter deadLetters;
    private AlertMetrics metrics;

    public AlertmanagerSinkTask() {
        this(Clock.systemUTC());
    }

    AlertmanagerSinkTask(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String version() {
        return SinkRetryOptions.pluginVersion();
    }

    @Override
    public void start(Map<String, String> properties) {
        AlertmanagerSinkConfig config = new AlertmanagerSinkConfig(properties);
        alertmanagers = config.urls();
        mapping = new AlertMapping(config.alertName(), config.hold());
        retries = SinkRetryOptions.retryLoop(config);
        deadLetters = context == null ? null : context.errantRecordReporter();
        metrics = AlertMetrics.register(context);
        api = new AlertmanagerApi(config.requestTimeout());
    }

    @Override
    public void put(Collection<SinkRecord> batch) {
        Instant now = clock.instant();
        Map<String, Outgoing> raised = new LinkedHashMap<>(); // anomaly id → its alert, from the last record of that id
        Clearings clearings = new Clearings();
        for (SinkRecord record : batch) {
            AnomalySignal signal;
            try {
                signal = records.read(record);
            } catch (DataException unreadable) {
                deadLetter(record, unreadable);
                continue;
            }
            switch (signal) {
                case AnomalySignal.Raised anomaly -> {
                    raised.remove(anomaly.anomalyId());
                    raised.put(anomaly.anomalyId(), Outgoing.raising(mapping.firing(anomaly), record));
                }
                case AnomalySignal.Tombstone tombstone -> clearings.anomaly(tombstone.anomalyId(), record);
                case AnomalySignal.ConnectorRecovered recovered -> {
                    if (recovered.failedAnomalyId() != null) {
                        clearings.anomaly(recovered.failedAnomalyId(), record);
                    } else {
                        clearings.connectorFailures(recovered.connector(), record);
                    }
                }
            }
        }
        cleared.rememberAll(clearings.anomalyIds());
        List<Outgoing> outgoing = new ArrayList<>();
        for (Outgoing raising : raised.values()) {
            Optional<SinkRecord> clearing = clearings.clearing(raising.alert());
            boolean clearedBefore = cleared.contains(raising.alert().anomalyId());
            outgoing.add(clearing.isPresent() || clearedBefore
                    ? Outgoing.resolving(raising.alert().resolvedAt(now), clearing.orElse(raising.source())) : raising);
        }
        if (clearings.reachBeyond(raised.keySet())) {
            outgoing.addAll(resolutionsHeldInAlertmanager(clearings, outgoing, now));
        }
        if (outgoing.isEmpty()) {
            return;
        }
        AlertDelivery delivery = new AlertDelivery(api, alertmanagers, outgoing, metrics);
        retries.run("POST of " + outgoing.size() + " alerts to Alertmanager " + alertmanagers, delivery::sendRemaining,
                AlertmanagerSinkTask::isTransient);
        settle(outgoing, delivery.refused());
    }

    /** The alerts in Alertmanager that this batch's clearings resolve, and that the batch does not already hold. */
    private List<Outgoing> resolutionsHeldInAlertmanager(Clearings clearings, List<Outgoing> outgoing, Instant now) {
        Map<Map<String, String>, Alert> held = retries.run("lookup in Alertmanager " + alertmanagers + " of the alerts to resolve",
                this::unresolvedInEveryAlertmanager, AlertmanagerSinkTask::isTransient);
        Set<Map<String, String>> inBatch = new LinkedHashSet<>();
        outgoing.forEach(alert -> inBatch.add(alert.alert().labels()));
        List<Outgoing> resolutions = new ArrayList<>();
        for (Alert alert : held.values()) {
            Optional<SinkRecord> clearing = clearings.clearing(alert);
            if (clearing.isPresent() && !inBatch.contains(alert.labels())) {
                resolutions.add(Outgoing.resolving(alert.resolvedAt(now), clearing.get()));
            }
        }
        return resolutions;
    }

    /** This sink's unresolved alerts over all Alertmanagers, by label set: each Alertmanager may hold some the others missed. */
    private Map<Map<String, String>, Alert> unresolvedInEveryAlertmanager() throws IOException, InterruptedException {
        Map<Map<String, String>, Alert> held = new LinkedHashMap<>();
        for (URI alertmanager : alertmanagers) {
            try {
                api.unresolved(alertmanager, mapping.ownLabels()).forEach(alert -> held.putIfAbsent(alert.labels(), alert));
            } catch (IOException noAnswer) {
                metrics.recordError();
                throw AlertmanagerApi.noAnswer(alertmanager, noAnswer);
            } catch (ConnectException wrongUrl) {
                metrics.recordError();
                throw wrongUrl;
            }
        }
        return held;
    }

    /** Counts what Alertmanager took, dead-letters what it refused (each record once). */
    private void settle(List<Outgoing> outgoing, Map<Outgoing, String> refused) {
        int sent = 0;
        int resolved = 0;
        Set<SinkRecord> deadLettered = new LinkedHashSet<>();
        for (Outgoing alert : outgoing) {
            String refusal = refused.get(alert);
            if (refusal != null) {
                if (deadLettered.add(alert.source())) {
                    deadLetter(alert.source(), new DataException("the alert of anomaly " + alert.alert().anomalyId() + " was refused: "
                            + refusal));
                }
            } else if (alert.resolution()) {
                resolved++;
                log.info("Resolved the alert of anomaly {} ({}) in Alertmanager", alert.alert().anomalyId(),
                        alert.alert().labels().get(AlertMapping.TYPE));
            } else {
                sent++;
            }
        }
        metrics.recordSent(sent);
        metrics.recordResolved(resolved);
        log.debug("Sent {} alerts and resolved {} in Alertmanager {}, {} refused", sent, resolved, alertmanagers, refused.size());
    }

    /** No answer (refused, reset, timed out) or an answer that passes (overload, restart). */
    static boolean isTransient(Exception failure) {
        return failure instanceof IOException;
    }

    private void deadLetter(SinkRecord record, DataException reason) {
        String where = record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
        if (deadLetters == null) {
            throw new ConnectException("record " + where + " cannot be sent to Alertmanager and errors.tolerance is not 'all' "
                    + "(no dead-letter topic): " + reason.getMessage(), reason);
        }
        log.warn("Record {} goes to the dead-letter topic: {}", where, reason.getMessage());
        deadLetters.report(record, reason);
    }

    /** Nothing to wait for: put() has sent its batch before it returns, so every offset Connect commits is in Alertmanager. */
    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void stop() {
        if (api != null) {
            api.close();
            api = null;
        }
    }
}
