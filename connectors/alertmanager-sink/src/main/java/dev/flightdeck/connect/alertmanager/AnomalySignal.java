package dev.flightdeck.connect.alertmanager;

import java.time.Instant;
import java.util.List;

/** What one record of the anomalies topic asks of Alertmanager. */
sealed interface AnomalySignal {

    /** An anomaly raised: its alert fires until the hold after {@code detectedAt} ends or the anomaly clears. */
    record Raised(String anomalyId, String type, String severity, Long flightId, String cabin, String seat, String route,
                  String table, String connector, List<String> evidence, String explanation, Instant detectedAt)
            implements AnomalySignal {
        public Raised {
            evidence = List.copyOf(evidence);
        }
    }

    /** A tombstone keyed by an anomaly id: the anomaly is withdrawn, so its alert is resolved. */
    record Tombstone(String anomalyId) implements AnomalySignal {
    }

    /**
     * CONNECTOR_RECOVERED: the connector or task runs again, so the CONNECTOR_FAILED alert of its
     * failure is resolved: the one with {@code failedAnomalyId}, or when the record does not name it
     * (null), every one of that connector or task.
     */
    record ConnectorRecovered(String connector, String failedAnomalyId) implements AnomalySignal {
    }
}
