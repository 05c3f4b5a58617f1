package dev.flightdeck.anomalies;

import dev.flightdeck.schemas.Anomaly;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * How every detector raises an alert: a stable id from what identifies the anomaly (never from
 * the time it was found, so a replay finds the same ids), the record keyed by that id, and the
 * count by type and severity.
 */
final class Alerts {

    static final String OVERBOOKING = "OVERBOOKING";
    static final String DOUBLE_BOOKED_SEAT = "DOUBLE_BOOKED_SEAT";
    static final String FARE_ANOMALY = "FARE_ANOMALY";
    static final String BOOKING_SPIKE = "BOOKING_SPIKE";
    static final String SCHEMA_DRIFT = "SCHEMA_DRIFT";
    static final String CANCELLATION_BURST = "CANCELLATION_BURST";
    static final String FRESHNESS = "FRESHNESS";
    static final String CONNECTOR_FAILED = "CONNECTOR_FAILED";
    static final String CONNECTOR_RECOVERED = "CONNECTOR_RECOVERED";
    static final String DEAD_LETTERS = "DEAD_LETTERS";

    static final String INFO = "INFO";
    static final String WARNING = "WARNING";
    static final String CRITICAL = "CRITICAL";

    private final Clock clock;
    private final MeterRegistry meters;

    Alerts(Clock clock, MeterRegistry meters) {
        this.clock = clock;
        this.meters = meters;
        // Every count published at 0 from the start: the first anomaly of a kind is then an increase Prometheus can see.
        for (String type : List.of(OVERBOOKING, DOUBLE_BOOKED_SEAT, FARE_ANOMALY, BOOKING_SPIKE, SCHEMA_DRIFT, CANCELLATION_BURST,
                FRESHNESS, CONNECTOR_FAILED, CONNECTOR_RECOVERED, DEAD_LETTERS)) {
            for (String severity : List.of(INFO, WARNING, CRITICAL)) {
                meters.counter("flightdeck.anomalies", "type", type, "severity", severity);
            }
        }
    }

    /** 32 hex digits of SHA-256 over the type and the parts that identify one anomaly. */
    static String stableId(String type, Object... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(type.getBytes(StandardCharsets.UTF_8));
            for (Object part : parts) {
                sha.update((byte) 0);
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** A builder with the fields every alert has; the detector adds its entity, numbers and evidence. */
    Anomaly.Builder begin(String id, String type, String severity, long sourceMillis, List<String> evidence, String explanation) {
        return Anomaly.newBuilder().setId(id).setType(type).setSeverity(severity).setEvidence(evidence)
                .setExplanation(explanation).setSourceTimestamp(Instant.ofEpochMilli(sourceMillis))
                .setDetectedAt(clock.instant());
    }

    <K, V> void raise(ProcessorContext<String, Anomaly> context, Record<K, V> cause, Anomaly anomaly) {
        raise(context, cause.timestamp(), anomaly);
    }

    /** Raises an alert found outside of processing a record (a punctuation), stamped {@code timestamp}. */
    void raise(ProcessorContext<String, Anomaly> context, long timestamp, Anomaly anomaly) {
        context.forward(new Record<>(anomaly.getId(), anomaly, timestamp));
        counted(anomaly);
    }

    /** Counts an alert raised, by type and severity. */
    void counted(Anomaly anomaly) {
        meters.counter("flightdeck.anomalies", "type", anomaly.getType(), "severity", anomaly.getSeverity()).increment();
    }

    /** Counts a suspected anomaly that cleared before it was confirmed (nothing is raised). */
    void dismissed(String type) {
        meters.counter("flightdeck.anomalies.dismissed", "type", type).increment();
    }

    /** Now, on the clock alerts are stamped with. */
    Instant now() {
        return clock.instant();
    }
}
