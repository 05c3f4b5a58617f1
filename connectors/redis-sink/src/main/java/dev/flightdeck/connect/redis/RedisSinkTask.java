package dev.flightdeck.connect.redis;

import dev.flightdeck.connect.sink.Batches;
import dev.flightdeck.connect.sink.FlightChange;
import dev.flightdeck.connect.sink.FlightRecords;
import dev.flightdeck.connect.sink.Retrier;
import dev.flightdeck.connect.sink.SinkMetrics;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Writes each batch as its last change per flight, through the version-guarded script. A
 * record it cannot read goes to the dead-letter topic with the reason; a Redis that is away
 * is retried with exponential backoff, then Connect is asked to redeliver (nothing is dropped).
 */
public final class RedisSinkTask extends SinkTask {

    private FlightRecords records;
    private FlightStore store;
    private Retrier retrier;
    private ErrantRecordReporter deadLetters;
    private SinkMetrics metrics;

    @Override
    public String version() {
        return RedisSinkConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> properties) {
        RedisSinkConfig config = new RedisSinkConfig(properties);
        records = config.flightRecords();
        retrier = config.retrier();
        store = new FlightStore(new JedisPooled(config.redisUri()), config.getString(RedisSinkConfig.KEY_PREFIX_CONFIG),
                config.getLong(RedisSinkConfig.EXPIRE_AFTER_ARRIVAL_CONFIG), config.getLong(RedisSinkConfig.DELETED_MARKER_TTL_CONFIG),
                Clock.systemUTC());
        deadLetters = context == null ? null : context.errantRecordReporter();
        metrics = SinkMetrics.register(context);
    }

    @Override
    public void put(Collection<SinkRecord> batch) {
        List<FlightChange> changes = records.readBatch(batch, deadLetters);
        if (!changes.isEmpty()) {
            List<FlightChange> last = Batches.lastPerFlight(changes);
            int written = retrier.run("Redis write of " + last.size() + " flights", () -> store.write(last), RedisSinkTask::isTransient);
            metrics.recordWrite(written, last.size() - written);
        }
    }

    /** Connection failures and timeouts, and the answers that pass: loading, a busy script, a flushed script cache. */
    static boolean isTransient(Exception e) {
        if (e instanceof JedisConnectionException) {
            return true;
        }
        if (!(e instanceof JedisDataException data)) {
            return false;
        }
        String message = data.getMessage() == null ? "" : data.getMessage();
        return message.startsWith("LOADING") || message.startsWith("BUSY") || message.startsWith("NOSCRIPT")
                || message.startsWith("TRYAGAIN") || message.startsWith("MASTERDOWN");
    }

    @Override
    public void stop() {
        if (store != null) {
            store.close();
        }
    }
}
