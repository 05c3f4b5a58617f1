package dev.flightdeck.ops.reconcile;

import java.time.Instant;
import java.util.Map;

/** One place that shows flight availability and must agree with MySQL: a store, a topic, a cache, an index. */
public interface ReadModel {

    String name();

    /**
     * Every flight it shows now (deleted ones excluded), by flight id.
     *
     * @throws NotReadableYet when the model says it cannot answer for now (restoring, rebalancing): read again later
     */
    Map<Long, FlightCounts> read(MysqlTruth truth) throws Exception;

    /** The model cannot be read at the moment but says it will be (e.g. HTTP 503 while its state is restored). */
    final class NotReadableYet extends Exception {
        public NotReadableYet(String reason) {
            super(reason);
        }
    }

    /**
     * Whether the flight is judged at all: a model that lets flights expire after arrival is not
     * asked about those near or past their expiry, present or not.
     */
    default boolean judges(long flightId, MysqlTruth truth, Instant now) {
        return true;
    }
}
