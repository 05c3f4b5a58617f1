package dev.flightdeck.connect.alertmanager;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One alert as Alertmanager's API v2 takes it. Alertmanager identifies an alert by its labels
 * alone: the same labels sent again update that alert (annotations, endsAt), never add one.
 */
record Alert(Map<String, String> labels, Map<String, String> annotations, Instant startsAt, Instant endsAt) {

    Alert {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    /** The anomaly id label, by which the sink finds the alert of an anomaly. */
    String anomalyId() {
        return labels.get(AlertMapping.ANOMALY_ID);
    }

    /**
     * The same alert, ended at {@code now}: Alertmanager treats an alert whose endsAt has passed
     * as resolved. Never ended before it started, which Alertmanager refuses.
     */
    Alert resolvedAt(Instant now) {
        return new Alert(labels, annotations, startsAt, now.isBefore(startsAt) ? startsAt : now);
    }
}
