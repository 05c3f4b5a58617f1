package dev.flightdeck.connect.sink;

import dev.flightdeck.connect.sink.PendingFlights.FlightsLeftToRetry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task writing flight-availability into one read model. Each {@link #put}:
 * <ol>
 *   <li>decodes every record into the {@link AvailabilityUpdate} it asks for; a record that cannot
 *       be decoded goes to the dead-letter topic with the reason;</li>
 *   <li>keeps the last update of each flight;</li>
 *   <li>writes them through the sink's {@link ReadModelWriter}, retrying transient failures with
 *       exponential backoff, and throws {@code RetriableException} once the attempts are spent, so
 *       Connect redelivers the batch (nothing is dropped);</li>
 *   <li>counts the versions written and those skipped as not newer ({@link SinkMetrics});</li>
 *   <li>sends the records of updates the read model refused to the dead-letter topic with its reason.</li>
 * </ol>
 * Without a dead-letter topic (errors.tolerance is not 'all') the task stops on such a record,
 * naming it, rather than drop it. A sink extends this with how to parse its config and open its writer.
 *
 * @param <C> the sink's config
 */
public abstract class FlightSinkTask<C extends FlightSinkConfig> extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(FlightSinkTask.class);

    private FlightRecords records;
    private Retrier retrier;
    private ErrantRecordReporter deadLetters;
    private SinkMetrics metrics;
    private ReadModelWriter writer;

    /** The sink's config; throws {@code ConfigException} naming the key that is wrong. */
    protected abstract C parse(Map<String, String> properties);

    /** The writer into the sink's read model; {@link ReadModelWriter#prepare} is called after, under the retry policy. */
    protected abstract ReadModelWriter openWriter(C config);

    @Override
    public final String version() {
        return PluginVersion.VERSION;
    }

    @Override
    public final void start(Map<String, String> properties) {
        C config = parse(properties);
        records = config.flightRecords();
        retrier = config.retrier();
        deadLetters = context == null ? null : context.errantRecordReporter();
        metrics = SinkMetrics.register(context);
        ReadModelWriter opened = openWriter(config);
        try {
            retrier.run("setup of " + opened.target(), () -> {
                opened.prepare();
                return null;
            }, opened::isTransient);
        } catch (RuntimeException e) {
            close(opened);
            throw e;
        }
        writer = opened;
    }

    @Override
    public final void put(Collection<SinkRecord> batch) {
        List<AvailabilityUpdate> updates = new ArrayList<>(batch.size());
        Map<Long, SinkRecord> sources = new HashMap<>();
        for (SinkRecord record : batch) {
            AvailabilityUpdate update;
            try {
                update = records.read(record);
            } catch (DataException unreadable) {
                deadLetter(record, unreadable);
                continue;
            }
            updates.add(update);
            sources.put(update.flightId(), record); // the last readable record of a flight is the one its kept update came from
        }
        if (updates.isEmpty()) {
            return;
        }
        List<AvailabilityUpdate> last = Batches.lastPerFlight(updates);
        PendingFlights pending = new PendingFlights(last);
        retrier.run("write of " + last.size() + " flights to " + writer.target(), () -> pending.writeRemaining(writer),
                failure -> failure instanceof FlightsLeftToRetry || writer.isTransient(failure));
        metrics.recordWrite(pending.written(), pending.skippedAsNotNewer());
        metrics.recordFreshness(pending.writtenCommits(), Instant.now());
        for (Map.Entry<Integer, String> refused : pending.refused().entrySet()) {
            AvailabilityUpdate update = last.get(refused.getKey());
            deadLetter(sources.get(update.flightId()), new DataException(writer.target() + " refused version " + update.version()
                    + " of flight " + update.flightId() + ": " + refused.getValue()));
        }
        log.debug("Wrote {} flights to {}, skipped {} not newer, refused {}", pending.written(), writer.target(),
                pending.skippedAsNotNewer(), pending.refused().size());
    }

    private void deadLetter(SinkRecord record, DataException reason) {
        String where = record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
        if (deadLetters == null) {
            throw new ConnectException("record " + where + " cannot be written and errors.tolerance is not 'all' (no dead-letter topic): "
                    + reason.getMessage(), reason);
        }
        log.warn("Record {} goes to the dead-letter topic: {}", where, reason.getMessage());
        deadLetters.report(record, reason);
    }

    /** Nothing to wait for: put() has written its batch before it returns, so every offset Connect commits is in the read model. */
    @Override
    public final void flush(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public final void stop() {
        if (writer != null) {
            close(writer);
            writer = null;
        }
    }

    private static void close(ReadModelWriter writer) {
        try {
            writer.close();
        } catch (Exception e) {
            log.warn("Closing the writer to {} failed: {}", writer.target(), e.getMessage());
        }
    }
}
