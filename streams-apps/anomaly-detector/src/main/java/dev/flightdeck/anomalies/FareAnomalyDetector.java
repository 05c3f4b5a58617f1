package dev.flightdeck.anomalies;

import dev.flightdeck.cdc.flights.FlightChange;
import dev.flightdeck.cdc.flights.FlightRow;
import dev.flightdeck.schemas.Anomaly;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Fare anomalies, per flight (partitioned like {@code cdc.flights.flight}): within a window of
 * event time (the source commit time), a base fare more than the allowed percentage above the
 * fare the window started with, or a fare below the floor. Warning; at most one alert per flight
 * and window. The store holds each flight's {@link FareWindow}.
 */
final class FareAnomalyDetector implements Processor<byte[], FlightChange, String, Anomaly> {

    static final String STORE = "fare-windows";

    /**
     * One flight's current window, and the last change seen, to drop a duplicate or an older redelivery.
     *
     * @param start              when the window started (a source commit time)
     * @param fareAtStart        the base fare the window started with
     * @param alerted            whether the window has alerted already
     * @param lastCommit         the commit time of the last change applied
     * @param lastBinlogPosition its binlog position
     */
    record FareWindow(Instant start, BigDecimal fareAtStart, boolean alerted, Instant lastCommit, long lastBinlogPosition) {
    }

    private final Thresholds thresholds;
    private final Alerts alerts;
    private ProcessorContext<String, Anomaly> context;
    private KeyValueStore<Long, FareWindow> windows;

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
        FlightRow now = change.current();
        if (now == null) {
            windows.delete(change.latest().id());
            return;
        }
        Instant commit = change.source().commitTime();
        FareWindow stored = windows.get(now.id());
        if (stored != null && (commit.isBefore(stored.lastCommit())
                || commit.equals(stored.lastCommit()) && change.source().binlogPosition() <= stored.lastBinlogPosition())) {
            return; // a duplicate or an older redelivery
        }
        Instant windowStart;
        BigDecimal fareAtStart;
        boolean alerted;
        if (stored == null || !commit.isBefore(stored.start().plus(thresholds.fareWindow()))) {
            // A new window starts with the fare before this change (or this fare, for the first one seen).
            windowStart = commit;
            fareAtStart = change.before() != null ? change.before().baseFare() : now.baseFare();
            alerted = false;
        } else {
            windowStart = stored.start();
            fareAtStart = stored.fareAtStart();
            alerted = stored.alerted();
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
        windows.put(now.id(), new FareWindow(windowStart, fareAtStart, alerted, commit, change.source().binlogPosition()));
    }

    private Anomaly fareAlert(FlightRow flight, FlightChange change, BigDecimal fareAtStart, BigDecimal limit, Instant windowStart,
                              String what, BigDecimal expected) {
        String id = Alerts.stableId(Alerts.FARE_ANOMALY, flight.id(), windowStart.toEpochMilli());
        String explanation = String.format("The base fare of flight %s (%s-%s) %s: %s %s, from %s at the start of the window (limit %s)",
                flight.flightNumber(), flight.origin(), flight.destination(), what, flight.baseFare().toPlainString(), flight.currency(),
                fareAtStart.toPlainString(), limit.setScale(2, RoundingMode.HALF_UP).toPlainString());
        return alerts.begin(id, Alerts.FARE_ANOMALY, Alerts.WARNING, change.source().commitTime().toEpochMilli(),
                        List.of("fare before " + change.before().baseFare().toPlainString(), "fare after " + flight.baseFare().toPlainString(),
                                "fare at window start " + fareAtStart.toPlainString()), explanation)
                .setFlightId(flight.id()).setRoute(flight.origin() + "-" + flight.destination())
                .setWindowStart(windowStart).setWindowEnd(windowStart.plus(thresholds.fareWindow()))
                .setObserved(flight.baseFare().doubleValue()).setExpected(expected.doubleValue()).build();
    }
}
