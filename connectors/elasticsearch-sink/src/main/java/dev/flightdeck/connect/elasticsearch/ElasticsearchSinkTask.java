package dev.flightdeck.connect.elasticsearch;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import dev.flightdeck.connect.elasticsearch.FlightIndex.ItemFailure;
import dev.flightdeck.connect.elasticsearch.FlightIndex.WriteOutcome;
import dev.flightdeck.connect.sink.Batches;
import dev.flightdeck.connect.sink.FlightChange;
import dev.flightdeck.connect.sink.FlightRecords;
import dev.flightdeck.connect.sink.Retrier;
import dev.flightdeck.connect.sink.SinkMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each batch as its last change per flight, in version-guarded bulk requests. A record
 * it cannot read, or a document Elasticsearch will never take, goes to the dead-letter topic
 * with the reason; an Elasticsearch that is away or overloaded is retried with exponential
 * backoff (only the flights still unwritten), then Connect is asked to redeliver (nothing is dropped).
 */
public final class ElasticsearchSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(ElasticsearchSinkTask.class);

    private FlightRecords records;
    private FlightIndex index;
    private Retrier retrier;
    private ErrantRecordReporter deadLetters;
    private SinkMetrics metrics;

    @Override
    public String version() {
        return ElasticsearchSinkConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> properties) {
        ElasticsearchSinkConfig config = new ElasticsearchSinkConfig(properties);
        records = config.flightRecords();
        index = new FlightIndex(config.client(), config.indexAlias(), config.indexName(), config.gcDeletes(), config.bulkLimits());
        retrier = config.retrier();
        deadLetters = context == null ? null : context.errantRecordReporter();
        metrics = SinkMetrics.register(context);
        ElasticsearchSinkConfig.IndexSetup setup = config.indexSetup();
        retrier.run("Elasticsearch setup of alias " + config.indexAlias(), () -> {
            index.prepare(setup);
            return null;
        }, ElasticsearchSinkTask::isTransient);
    }

    @Override
    public void put(Collection<SinkRecord> batch) {
        Set<SinkRecord> unreadable = Collections.newSetFromMap(new IdentityHashMap<>());
        ErrantRecordReporter noting = deadLetters == null ? null : (record, error) -> {
            unreadable.add(record);
            return deadLetters.report(record, error);
        };
        List<FlightChange> changes = records.readBatch(batch, noting);
        if (changes.isEmpty()) {
            return;
        }
        Map<Long, SinkRecord> sources = lastRecordPerFlight(batch, unreadable, changes);
        List<FlightChange> last = Batches.lastPerFlight(changes);
        PendingFlights pending = new PendingFlights(last);
        retrier.run("Elasticsearch write of " + last.size() + " flights", () -> pending.writeRemaining(index::write),
                ElasticsearchSinkTask::isTransient);
        metrics.recordWrite(pending.written(), pending.skippedAsOlder());
        for (Map.Entry<Integer, String> rejected : pending.rejected().entrySet()) {
            FlightChange change = last.get(rejected.getKey());
            SinkRecord record = sources.get(change.flightId());
            DataException reason = new DataException("Elasticsearch refused version " + change.version() + " of flight "
                    + change.flightId() + ": " + rejected.getValue());
            if (deadLetters == null) {
                throw new ConnectException("record " + record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset()
                        + " cannot be written and errors.tolerance is not 'all' (no dead-letter topic): " + reason.getMessage(), reason);
            }
            log.warn("Record {}-{}@{} goes to the dead-letter topic: {}", record.topic(), record.kafkaPartition(), record.kafkaOffset(),
                    reason.getMessage());
            deadLetters.report(record, reason);
        }
        log.debug("Wrote {} flights, skipped {} older, refused {}", pending.written(), pending.skippedAsOlder(), pending.rejected().size());
    }

    /**
     * The record each flight's last change came from. readBatch keeps the batch's order and
     * leaves out only the records it reported as unreadable, so the rest pair up one to one.
     */
    private static Map<Long, SinkRecord> lastRecordPerFlight(Collection<SinkRecord> batch, Set<SinkRecord> unreadable,
                                                             List<FlightChange> changes) {
        Map<Long, SinkRecord> sources = new HashMap<>();
        Iterator<FlightChange> change = changes.iterator();
        for (SinkRecord record : batch) {
            if (!unreadable.contains(record)) {
                sources.put(change.next().flightId(), record);
            }
        }
        if (change.hasNext()) {
            throw new IllegalStateException("more changes than readable records in the batch");
        }
        return sources;
    }

    /**
     * Whole-request failures that pass by themselves: connection refused, timeouts, 429 and 5xx
     * from the cluster (or a proxy), overload; and flights whose items failed that way. Not: 401,
     * 403, 400 on the request, bugs.
     */
    static boolean isTransient(Exception e) {
        return switch (e) {
            case FlightsLeftToRetry left -> true;
            case ElasticsearchException refused -> FlightIndex.isTransientFailure(refused.status(),
                    refused.error() == null ? null : refused.error().type());
            case TransportException transport -> transport.response() == null || FlightIndex.isTransientFailure(transport.statusCode(), null);
            case IOException io -> true;
            case UncheckedIOException io -> true;
            default -> false;
        };
    }

    @Override
    public void stop() {
        if (index != null) {
            try {
                index.close();
            } catch (IOException e) {
                log.warn("Closing the Elasticsearch client failed: {}", e.getMessage());
            }
        }
    }

    /** A write of some flights of a batch; {@link FlightIndex#write} in production. */
    @FunctionalInterface
    interface BulkWrite {
        WriteOutcome write(List<FlightChange> changes) throws IOException;
    }

    /**
     * The last changes of one put() not settled yet. Each attempt sends only the flights whose
     * items failed transiently; refused ones are kept out of later attempts and reported once
     * the batch is through.
     */
    static final class PendingFlights {

        private final List<FlightChange> changes;
        private final Map<Integer, String> rejected = new TreeMap<>();
        private List<Integer> remaining;
        private int written;
        private int skippedAsOlder;

        PendingFlights(List<FlightChange> changes) {
            this.changes = changes;
            this.remaining = IntStream.range(0, changes.size()).boxed().toList();
        }

        /** One attempt; throws {@link FlightsLeftToRetry} while some flights failed transiently. */
        Void writeRemaining(BulkWrite bulk) throws IOException, FlightsLeftToRetry {
            List<FlightChange> sending = remaining.stream().map(changes::get).toList();
            WriteOutcome outcome = bulk.write(sending);
            written += outcome.written();
            skippedAsOlder += outcome.skippedAsOlder();
            for (ItemFailure failure : outcome.permanentFailures()) {
                rejected.put(remaining.get(failure.position()), failure.reason());
            }
            List<Integer> sent = remaining;
            remaining = outcome.transientFailures().stream().map(failure -> sent.get(failure.position())).toList();
            if (!remaining.isEmpty()) {
                throw new FlightsLeftToRetry(remaining.size(), sending.size(), outcome.transientFailures().getFirst().reason());
            }
            return null;
        }

        /** Positions into the changes given to the constructor → why Elasticsearch refused them. */
        Map<Integer, String> rejected() {
            return Collections.unmodifiableMap(rejected);
        }

        List<Integer> remaining() {
            return remaining;
        }

        int written() {
            return written;
        }

        int skippedAsOlder() {
            return skippedAsOlder;
        }
    }

    /** Some flights of a bulk write failed transiently (429, unavailable shards, …); they are sent again. */
    static final class FlightsLeftToRetry extends Exception {
        FlightsLeftToRetry(int left, int sent, String firstReason) {
            super(left + " of " + sent + " flights not written yet, e.g. " + firstReason, null, false, false);
        }
    }
}
