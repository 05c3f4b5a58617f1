package dev.flightdeck.connect.alertmanager;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An anomaly as an Alertmanager alert.
 * <ul>
 *   <li>Labels (its identity, and what routes it): {@value #ALERTNAME} (option alert.name),
 *       {@value #ANOMALY_ID}, {@value #TYPE}, {@value #SEVERITY} in lower case; {@value #FLIGHT},
 *       {@value #ROUTE}, {@value #TABLE}, {@value #CONNECTOR} when the anomaly has them (an empty
 *       one is left out); {@value #SOURCE}={@value #SOURCE_VALUE}.</li>
 *   <li>Annotations: {@value #SUMMARY} (type and what it is about), {@value #DESCRIPTION} (the
 *       explanation), {@value #EVIDENCE} (one item a line), {@value #DETECTED_AT}.</li>
 *   <li>startsAt: when it was detected; endsAt: that plus the hold.</li>
 * </ul>
 * Nothing of the label set changes between deliveries of one anomaly, so a redelivery updates its
 * alert rather than adding one.
 */
final class AlertMapping {

    static final String ALERTNAME = "alertname";
    static final String ANOMALY_ID = "anomaly_id";
    static final String TYPE = "type";
    static final String SEVERITY = "severity";
    static final String FLIGHT = "flight";
    static final String ROUTE = "route";
    static final String TABLE = "table";
    static final String CONNECTOR = "connector";
    static final String SOURCE = "source";
    static final String SOURCE_VALUE = "anomaly-detector";

    static final String SUMMARY = "summary";
    static final String DESCRIPTION = "description";
    static final String EVIDENCE = "evidence";
    static final String DETECTED_AT = "detected_at";

    private final String alertName;
    private final Duration hold;

    AlertMapping(String alertName, Duration hold) {
        this.alertName = alertName;
        this.hold = hold;
    }

    /** The labels every alert of this sink has, whatever its anomaly: how the sink finds its own alerts in Alertmanager. */
    Map<String, String> ownLabels() {
        return Map.of(ALERTNAME, alertName, SOURCE, SOURCE_VALUE);
    }

    /** The anomaly's alert, firing from its detection until the hold ends. */
    Alert firing(AnomalySignal.Raised anomaly) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ALERTNAME, alertName);
        labels.put(ANOMALY_ID, anomaly.anomalyId());
        labels.put(TYPE, anomaly.type());
        labels.put(SEVERITY, anomaly.severity().toLowerCase(Locale.ROOT));
        putPresent(labels, FLIGHT, anomaly.flightId() == null ? null : anomaly.flightId().toString());
        putPresent(labels, ROUTE, anomaly.route());
        putPresent(labels, TABLE, anomaly.table());
        putPresent(labels, CONNECTOR, anomaly.connector());
        labels.put(SOURCE, SOURCE_VALUE);

        Instant detected = anomaly.detectedAt().truncatedTo(ChronoUnit.MILLIS);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(SUMMARY, summary(anomaly));
        annotations.put(DESCRIPTION, anomaly.explanation());
        putPresent(annotations, EVIDENCE, String.join("\n", anomaly.evidence()));
        annotations.put(DETECTED_AT, detected.toString());
        return new Alert(labels, annotations, detected, detected.plus(hold));
    }

    /** "Double booked seat: flight 42, seat 12C": the type in words and what the anomaly is about. */
    static String summary(AnomalySignal.Raised anomaly) {
        String type = anomaly.type().replace('_', ' ').toLowerCase(Locale.ROOT);
        String words = type.isEmpty() ? type : Character.toUpperCase(type.charAt(0)) + type.substring(1);
        List<String> about = new ArrayList<>();
        if (anomaly.flightId() != null) {
            about.add("flight " + anomaly.flightId());
        }
        addPresent(about, "cabin ", anomaly.cabin());
        addPresent(about, "seat ", anomaly.seat());
        addPresent(about, "route ", anomaly.route());
        addPresent(about, "table ", anomaly.table());
        addPresent(about, "connector ", anomaly.connector());
        return about.isEmpty() ? words : words + ": " + String.join(", ", about);
    }

    private static void putPresent(Map<String, String> map, String name, String value) {
        if (value != null && !value.isBlank()) {
            map.put(name, value);
        }
    }

    private static void addPresent(List<String> about, String prefix, String value) {
        if (value != null && !value.isBlank()) {
            about.add(prefix + value);
        }
    }
}
