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
 * Dead letters: a record set aside by an app or a sink was not applied, so a read model may be
 * missing a change. The first dead letter of a dead-letter topic in a window (of the dead letters'
 * timestamps) raises one DEAD_LETTERS warning at once, with its reason; the rest of that window are
 * counted, not raised again. The id is the topic and the window, so a replay, or a second instance
 * that saw the same window, gives the same alert. The store holds per topic the last window alerted.
 */
final class DeadLetterDetector implements Processor<String, DeadLetter, String, Anomaly> {

    static final String STORE = "dead-letter-windows";

    /** The window a topic last alerted for, and how many dead letters it has seen so far. */
    record AlertedWindow(Instant start, long count) {
    }

    private final Duration window;
    private final Alerts alerts;
    private ProcessorContext<String, Anomaly> context;
    private KeyValueStore<String, AlertedWindow> alerted;

    DeadLetterDetector(Duration window, Alerts alerts) {
        this.window = window;
        this.alerts = alerts;
    }

    @Override
    public void init(ProcessorContext<String, Anomaly> context) {
        this.context = context;
        this.alerted = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, DeadLetter> record) {
        DeadLetter letter = record.value();
        long size = window.toMillis();
        Instant start = Instant.ofEpochMilli(Math.floorDiv(record.timestamp(), size) * size);
        AlertedWindow last = alerted.get(letter.deadLetterTopic());
        if (last != null && !start.isAfter(last.start())) {
            if (start.equals(last.start())) {
                alerted.put(letter.deadLetterTopic(), new AlertedWindow(start, last.count() + 1));
            }
            return; // this window alerted already, or an older one is late
        }
        alerted.put(letter.deadLetterTopic(), new AlertedWindow(start, 1));
        alerts.raise(context, record, deadLetters(letter, start, start.plus(window)));
    }

    private Anomaly deadLetters(DeadLetter letter, Instant start, Instant end) {
        String explanation = "Records are being set aside in " + letter.deadLetterTopic() + " (the first of this window from "
                + letter.source() + ": " + letter.reason() + "); a record set aside was not applied, so what is built from "
                + "its topic may be missing a change. Read them with their reasons (the headers) from " + letter.deadLetterTopic()
                + "; this alerts once per " + window.toMinutes() + " min window.";
        return alerts.begin(Alerts.stableId(Alerts.DEAD_LETTERS, letter.deadLetterTopic(), start.toEpochMilli()), Alerts.DEAD_LETTERS,
                        Alerts.WARNING, letter.at().toEpochMilli(),
                        List.of("dead-letter topic " + letter.deadLetterTopic() + " offset " + letter.offset(), "from " + letter.source(),
                                "reason: " + letter.reason()), explanation)
                .setWindowStart(start).setWindowEnd(end).build();
    }
}
