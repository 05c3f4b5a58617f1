package dev.flightdeck.connect.alertmanager;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One alert of a put(), with the record it came from (dead-lettered if Alertmanager refuses the
 * alert) and whether it resolves the alert rather than raises it.
 */
record Outgoing(Alert alert, SinkRecord source, boolean resolution) {

    static Outgoing raising(Alert alert, SinkRecord source) {
        return new Outgoing(alert, source, false);
    }

    static Outgoing resolving(Alert alert, SinkRecord source) {
        return new Outgoing(alert, source, true);
    }
}
