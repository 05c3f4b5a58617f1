package dev.flightdeck.ops.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The Redis sink's flights: every {@code PREFIXflight:ID} hash (a delete marker excluded) and its
 * {@code :seats} set, read in pipelined pages. Flights expire from Redis a while after arrival,
 * so those within an hour of their expiry, or past it, are not judged.
 */
public final class RedisReadModel implements ReadModel {

    private static final Duration EXPIRY_MARGIN = Duration.ofHours(1);

    private final Supplier<JedisPooled> redis;
    private final String keyPrefix;
    private final Duration expireAfterArrival;

    /** @param redis opens a client (the cluster profile's {@code openRedis}); closed after each read */
    public RedisReadModel(Supplier<JedisPooled> redis, String keyPrefix, Duration expireAfterArrival) {
        this.redis = redis;
        this.keyPrefix = keyPrefix;
        this.expireAfterArrival = expireAfterArrival;
    }

    @Override
    public String name() {
        return "Redis";
    }

    @Override
    public boolean judges(long flightId, MysqlTruth truth, Instant now) {
        Instant arrival = truth.arrivals().get(flightId);
        return arrival == null || arrival.plus(expireAfterArrival).isAfter(now.plus(EXPIRY_MARGIN));
    }

    @Override
    public Map<Long, FlightCounts> read(MysqlTruth truth) {
        Map<Long, FlightCounts> flights = new HashMap<>();
        String flightKeys = keyPrefix + "flight:";
        try (JedisPooled redis = this.redis.get()) {
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams match = new ScanParams().match(flightKeys + "*").count(1000);
            do {
                ScanResult<String> page = redis.scan(cursor, match);
                List<String> keys = page.getResult().stream().filter(key -> !key.endsWith(":seats")).toList();
                List<Response<Map<String, String>>> hashes = new ArrayList<>();
                List<Response<Set<String>>> seats = new ArrayList<>();
                try (Pipeline pipeline = redis.pipelined()) {
                    for (String key : keys) {
                        hashes.add(pipeline.hgetAll(key));
                        seats.add(pipeline.smembers(key + ":seats"));
                    }
                    pipeline.sync();
                }
                for (int i = 0; i < keys.size(); i++) {
                    Map<String, String> hash = hashes.get(i).get();
                    if (!hash.isEmpty() && !hash.containsKey("deleted")) {
                        flights.put(Long.parseLong(keys.get(i).substring(flightKeys.length())), FlightCounts.fromRedis(hash, seats.get(i).get()));
                    }
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        return flights;
    }
}
