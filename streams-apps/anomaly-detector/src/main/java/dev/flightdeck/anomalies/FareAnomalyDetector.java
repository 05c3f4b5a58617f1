package dev.flightdeck.anomalies;

import dev.flightdeck.cdc.flights.Flight;
import dev.flightdeck.cdc.flights.FlightChange;
import dev.flightdeck.schemas.Anomaly;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Fare anomalies, per flight (partitioned like {@code cdc.flights.flight}): within a window of
 * event time (the source commit time), a base fare more than the allowed percentage above the
 * fare the window started with, or a fare below the floor. Warning; at most one alert per flight
 * and window. The store holds per flight "windowStartMillis|fareAtStart|alerted|lastPositionCommitMillis|binlogPos".
 */
final class FareAnomalyDetector implements Processor<byte[], FlightChange, String, Anomaly> {

    static final String STORE = "fare-windows";

    private final Thresholds thresholds;
    private final Alerts alerts;
    private ProcessorContext<String, Anomaly> context;
    private KeyValueStore<Long, String> windows;

    FareAnomalyDetector(Thresholds thresholds, Alerts alerts) {
        this.thresholds = thresholds;
        this.alerts = alerts;
    }

    @Override
    public void init(ProcessorContext<String, Anomaly> context) {
        this.context = context;
        this.windows = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<byte[], FlightChange> record) {
        FlightChange change = record.value();
        Flight now = change.current();
        if (now == null) {
            windows.delete(change.latest().id());
            return;
        }
        long commit = change.source().commitTime().toEpochMilli();
        String[] stored = windows.get(now.id()) == null ? null : windows.get(now.id()).split("\\|");
        if (stored != null && (commit < Long.parseLong(stored[3])
                || commit == Long.parseLong(stored[3]) && change.source().binlogPosition() <= Long.parseLong(stored[4]))) {
            return; // a duplicate or an older redelivery
        }
        long windowStart;
        BigDecimal fareAtStart;
        boolean alerted;
        if (stored == null || commit >= Long.parseLong(stored[0]) + thresholds.fareWindow().toMillis()) {
            // A new window starts with the fare before this change (or this fare, for the first one seen).
            windowStart = commit;
            fareAtStart = change.before() != null ? change.before().baseFare() : now.baseFare();
            alerted = false;
        } else {
            windowStart = Long.parseLong(stored[0]);
            fareAtStart = new BigDecimal(stored[1]);
            alerted = stored[2].equals("1");
        }
        if (!alerted && change.before() != null && !now.baseFare().equals(change.before().baseFare())) {
            BigDecimal ceiling = fareAtStart.multiply(BigDecimal.valueOf(1 + thresholds.fareJumpPercent() / 100.0));
            if (now.baseFare().compareTo(ceiling) > 0) {
                alerted = true;
                alerts.raise(context, record, fareAlert(now, change, fareAtStart, ceiling, windowStart, "jumped", ceiling));
            } else if (now.baseFare().compareTo(thresholds.fareFloor()) < 0) {
                alerted = true;
                alerts.raise(context, record, fareAlert(now, change, fareAtStart, thresholds.fareFloor(), windowStart, "fell below the floor",
                        thresholds.fareFloor()));
            }
        }
        windows.put(now.id(), windowStart + "|" + fareAtStart.toPlainString() + "|" + (alerted ? "1" : "0") + "|" + commit
                + "|" + change.source().binlogPosition());
    }

    private Anomaly fareAlert(Flight flight, FlightChange change, BigDecimal fareAtStart, BigDecimal limit, long windowStart,
                              String what, BigDecimal expected) {
        long windowEnd = windowStart + thresholds.fareWindow().toMillis();
        String id = Alerts.stableId(Alerts.FARE_ANOMALY, flight.id(), windowStart);
        String explanation = String.format("The base fare of flight %s (%s-%s) %s: %s %s, from %s at the start of the window (limit %s)",
                flight.flightNumber(), flight.origin(), flight.destination(), what, flight.baseFare().toPlainString(), flight.currency(),
                fareAtStart.toPlainString(), limit.setScale(2, RoundingMode.HALF_UP).toPlainString());
        return alerts.begin(id, Alerts.FARE_ANOMALY, Alerts.WARNING, change.source().commitTime().toEpochMilli(),
                        List.of("fare before " + change.before().baseFare().toPlainString(), "fare after " + flight.baseFare().toPlainString(),
                                "fare at window start " + fareAtStart.toPlainString()), explanation)
                .setFlightId(flight.id()).setRoute(flight.origin() + "-" + flight.destination())
                .setWindowStart(java.time.Instant.ofEpochMilli(windowStart)).setWindowEnd(java.time.Instant.ofEpochMilli(windowEnd))
                .setObserved(flight.baseFare().doubleValue()).setExpected(expected.doubleValue()).build();
    }
}
