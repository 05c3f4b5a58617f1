package dev.flightdeck.connect.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Writes each batch as its last operation per flight, through the version-guarded script. A
 * record it cannot read goes to the dead-letter topic with the reason; a Redis that is away
 * is retried with exponential backoff, then Connect is asked to redeliver (nothing is dropped).
 */
public final class RedisSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(RedisSinkTask.class);

    private RedisSinkConfig config;
    private FlightRecords records;
    private FlightStore store;
    private ErrantRecordReporter deadLetters;

    @Override
    public String version() {
        return RedisSinkConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> properties) {
        config = new RedisSinkConfig(properties);
        records = new FlightRecords(config.getString(RedisSinkConfig.VERSION_FIELD_CONFIG),
                config.getString(RedisSinkConfig.VERSION_HEADER_CONFIG));
        store = new FlightStore(new JedisPooled(config.redisUri()), config.getString(RedisSinkConfig.KEY_PREFIX_CONFIG),
                config.getLong(RedisSinkConfig.EXPIRE_AFTER_ARRIVAL_CONFIG), config.getLong(RedisSinkConfig.DELETED_MARKER_TTL_CONFIG),
                Clock.systemUTC());
        deadLetters = context == null ? null : context.errantRecordReporter();
    }

    @Override
    public void put(Collection<SinkRecord> batch) {
        List<FlightOperation> operations = new ArrayList<>(batch.size());
        for (SinkRecord record : batch) {
            try {
                operations.add(records.read(record));
            } catch (DataException e) {
                if (deadLetters == null) {
                    throw new ConnectException("record " + record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset()
                            + " cannot be written and errors.tolerance is not 'all' (no dead-letter topic): " + e.getMessage(), e);
                }
                deadLetters.report(record, e);
            }
        }
        if (!operations.isEmpty()) {
            writeWithRetries(Batches.lastPerFlight(operations));
        }
    }

    private void writeWithRetries(List<FlightOperation> operations) {
        int attempts = config.getInt(RedisSinkConfig.RETRY_MAX_ATTEMPTS_CONFIG);
        Backoff backoff = config.backoff();
        for (int attempt = 1; ; attempt++) {
            try {
                store.write(operations);
                return;
            } catch (JedisConnectionException | JedisDataException e) {
                if (e instanceof JedisDataException data && !transientAnswer(data)) {
                    throw new ConnectException("Redis refused a write: " + data.getMessage(), data);
                }
                if (attempt >= attempts) {
                    throw new RetriableException("Redis unavailable after " + attempts + " attempts: " + e.getMessage(), e);
                }
                Duration wait = backoff.delay(attempt, ThreadLocalRandom.current());
                log.warn("Redis write of {} flights failed (attempt {} of {}): {}; retrying in {} ms",
                        operations.size(), attempt, attempts, e.getMessage(), wait.toMillis());
                sleep(wait);
            }
        }
    }

    /** Answers that pass: Redis loading its data, a busy script, a script cache that was flushed. */
    static boolean transientAnswer(JedisDataException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return message.startsWith("LOADING") || message.startsWith("BUSY") || message.startsWith("NOSCRIPT")
                || message.startsWith("TRYAGAIN") || message.startsWith("MASTERDOWN");
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while backing off", e);
        }
    }

    @Override
    public void stop() {
        if (store != null) {
            store.close();
        }
    }
}
