package dev.flightdeck.anomalies;

import dev.flightdeck.schemas.Anomaly;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Freshness, per table: a sampled lag above the limit opens an episode and raises one warning; the
 * episode closes once the lag is back under half the limit (so a lag hovering at the limit does not
 * alert on and off), and only then can it alert again. The store holds per table the commit time
 * of the change that opened the open episode, which is also what makes the alert's id.
 */
final class FreshnessDetector implements Processor<String, ChangeLag, String, Anomaly> {

    static final String STORE = "freshness-episodes";

    private final Duration maxLag;
    private final Alerts alerts;
    private ProcessorContext<String, Anomaly> context;
    private KeyValueStore<String, Instant> episodes;

    FreshnessDetector(Duration maxLag, Alerts alerts) {
        this.maxLag = maxLag;
        this.alerts = alerts;
    }

    @Override
    public void init(ProcessorContext<String, Anomaly> context) {
        this.context = context;
        this.episodes = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, ChangeLag> record) {
        String table = record.key();
        ChangeLag lag = record.value();
        Instant openedBy = episodes.get(table);
        if (openedBy == null && lag.lag().compareTo(maxLag) > 0) {
            episodes.put(table, lag.commitTime());
            alerts.raise(context, record, lagging(table, lag));
        } else if (openedBy != null && lag.lag().compareTo(maxLag.dividedBy(2)) <= 0) {
            episodes.delete(table);
        }
    }

    private Anomaly lagging(String table, ChangeLag lag) {
        double seconds = lag.lag().toMillis() / 1000.0;
        double limit = maxLag.toMillis() / 1000.0;
        String explanation = String.format("Changes of %s reach the pipeline %.1f s after their commit (limit %.1f s): "
                + "capture or processing is falling behind, and the read models with it", table, seconds, limit);
        long committed = lag.commitTime().toEpochMilli();
        return alerts.begin(Alerts.stableId(Alerts.FRESHNESS, table, committed), Alerts.FRESHNESS, Alerts.WARNING,
                        committed, List.of("change committed " + lag.commitTime(),
                                String.format("processed %.1f s later", seconds)), explanation)
                .setTable(table).setObserved(seconds).setExpected(limit).build();
    }
}
