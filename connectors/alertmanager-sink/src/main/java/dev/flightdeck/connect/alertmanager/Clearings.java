package dev.flightdeck.connect.alertmanager;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.connect.sink.SinkRecord;

/** The clearing signals of one put(): which alerts they resolve, and the record of each signal. */
final class Clearings {

    private final Map<String, SinkRecord> byAnomalyId = new LinkedHashMap<>();
    private final Map<String, SinkRecord> byConnector = new LinkedHashMap<>();

    /** The alert of this anomaly is resolved. */
    void anomaly(String anomalyId, SinkRecord record) {
        byAnomalyId.put(anomalyId, record);
    }

    /** Every CONNECTOR_FAILED alert of this connector or task is resolved. */
    void connectorFailures(String connector, SinkRecord record) {
        byConnector.put(connector, record);
    }

    Set<String> anomalyIds() {
        return byAnomalyId.keySet();
    }

    boolean isEmpty() {
        return byAnomalyId.isEmpty() && byConnector.isEmpty();
    }

    /** The record of the signal that resolves this alert; empty when none of the batch does. */
    Optional<SinkRecord> clearing(Alert alert) {
        SinkRecord byId = byAnomalyId.get(alert.anomalyId());
        if (byId != null) {
            return Optional.of(byId);
        }
        if (AnomalyRecords.CONNECTOR_FAILED.equals(alert.labels().get(AlertMapping.TYPE))) {
            return Optional.ofNullable(byConnector.get(alert.labels().get(AlertMapping.CONNECTOR)));
        }
        return Optional.empty();
    }

    /** Whether some alert to resolve may be only in Alertmanager: not raised in the same batch as its clearing. */
    boolean reachBeyond(Collection<String> raisedIds) {
        return !byConnector.isEmpty() || !raisedIds.containsAll(byAnomalyId.keySet());
    }
}
