package dev.flightdeck.anomalies;

import java.time.Duration;
import java.time.Instant;

/**
 * The worst lag one task saw on a table during one sample period: how long after its commit in
 * MySQL a change reached the detector. Sent to the table's detector through a repartition topic.
 *
 * @param lag        processing time minus commit time, of the most delayed change
 * @param commitTime that change's commit time
 */
record ChangeLag(Duration lag, Instant commitTime) {

    ChangeLag worse(ChangeLag other) {
        return other == null || lag.compareTo(other.lag) >= 0 ? this : other;
    }
}
