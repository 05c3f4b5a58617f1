package dev.flightdeck.anomalies;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The worst lag one task saw on a table during one sample period: how long after its commit in
 * MySQL a change reached the detector. Written as "lagMillis|commitMillis" in the repartition topic.
 *
 * @param lagMillis    processing time minus commit time, of the most delayed change
 * @param commitMillis that change's commit time
 */
record ChangeLag(long lagMillis, long commitMillis) {

    static final Serde<ChangeLag> SERDE = Serdes.serdeFrom(
            (topic, lag) -> lag == null ? null : (lag.lagMillis + "|" + lag.commitMillis).getBytes(StandardCharsets.UTF_8),
            (topic, bytes) -> bytes == null ? null : parse(new String(bytes, StandardCharsets.UTF_8)));

    static ChangeLag parse(String line) {
        String[] parts = line.split("\\|", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("not a change lag: " + line);
        }
        return new ChangeLag(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    }

    ChangeLag worse(ChangeLag other) {
        return other == null || lagMillis >= other.lagMillis ? this : other;
    }
}
