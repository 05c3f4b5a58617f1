package dev.flightdeck.anomalies;

import dev.flightdeck.cdc.flights.RowChange;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Samples how fresh a captured table's changes are when they reach the detector: for each change
 * streamed from the binlog (the snapshot's rows are old by nature), processing time minus commit
 * time; every sample period (wall-clock) the worst of them goes on, keyed by table, so that one
 * detector per table sees every task's samples. Periods without changes send nothing.
 */
final class FreshnessProbe<C extends RowChange<?>> implements Processor<byte[], C, String, ChangeLag> {

    /** How often the worst lag seen goes on: often enough to alert within seconds, rare enough to cost nothing. */
    static final Duration SAMPLE_PERIOD = Duration.ofSeconds(5);

    private final String table;
    private ProcessorContext<String, ChangeLag> context;
    private ChangeLag worst;

    FreshnessProbe(String table) {
        this.table = table;
    }

    @Override
    public void init(ProcessorContext<String, ChangeLag> context) {
        this.context = context;
        context.schedule(SAMPLE_PERIOD, PunctuationType.WALL_CLOCK_TIME, now -> {
            if (worst != null) {
                context.forward(new Record<>(table, worst, now));
                worst = null;
            }
        });
    }

    @Override
    public void process(Record<byte[], C> record) {
        if (record.value().source().snapshot()) {
            return;
        }
        Instant commit = record.value().source().commitTime();
        worst = new ChangeLag(Duration.between(commit, Instant.ofEpochMilli(context.currentSystemTimeMs())), commit).worse(worst);
    }
}
