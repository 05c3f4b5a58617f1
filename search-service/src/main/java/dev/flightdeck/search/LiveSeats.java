package dev.flightdeck.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Response;

/**
 * Seat counts and taken seats from the Redis read model, which the Redis sink writes as soon as a
 * flight changes (Elasticsearch makes changes searchable only at its next refresh). Keys are the
 * sink's: {@code <prefix>flight:<id>} (a hash of counts per cabin, version, sourceTimestamp) and
 * {@code <prefix>flight:<id>:seats} (a set of taken seats).
 */
final class LiveSeats {

    private static final List<String> COUNT_FIELDS = List.of("version", "deleted", "sourceTimestamp",
            "F.capacity", "F.available", "J.capacity", "J.available", "Y.capacity", "Y.available");

    /** A flight's counts as Redis holds them, with the newest MySQL commit they reflect. */
    record Counts(long version, Instant sourceTimestamp, Map<String, int[]> capacityAndAvailable) {
    }

    /** A flight's hash and its taken seats, read together. */
    record Flight(Map<String, String> fields, Set<String> takenSeats) {
        long version() {
            return Long.parseLong(fields.getOrDefault("version", "-1"));
        }

        Instant sourceTimestamp() {
            String ts = fields.get("sourceTimestamp");
            return ts == null ? null : Instant.parse(ts);
        }
    }

    private final JedisPooled redis;
    private final String prefix;

    LiveSeats(JedisPooled redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    /** Counts for each flight Redis holds (missing or deleted flights are left out), in one round trip. */
    Map<Long, Counts> counts(List<Long> flightIds) {
        if (flightIds.isEmpty()) {
            return Map.of();
        }
        List<Response<List<String>>> answers = new ArrayList<>(flightIds.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (long id : flightIds) {
                answers.add(pipeline.hmget(flightKey(id), COUNT_FIELDS.toArray(String[]::new)));
            }
            pipeline.sync();
        }
        Map<Long, Counts> counts = new HashMap<>();
        for (int i = 0; i < flightIds.size(); i++) {
            List<String> values = answers.get(i).get();
            if (values.get(0) == null || "1".equals(values.get(1))) {
                continue;
            }
            Map<String, int[]> cabins = new HashMap<>();
            for (int c = 0; c < 3; c++) {
                String capacity = values.get(3 + 2 * c);
                String available = values.get(4 + 2 * c);
                if (capacity != null && available != null) {
                    cabins.put(FlightSearch.CABINS.get(c), new int[] {Integer.parseInt(capacity), Integer.parseInt(available)});
                }
            }
            counts.put(flightIds.get(i), new Counts(Long.parseLong(values.get(0)),
                    values.get(2) == null ? null : Instant.parse(values.get(2)), cabins));
        }
        return counts;
    }

    /**
     * The flight's hash and taken seats, read in one transaction so that both are of the same
     * version (the sink's script writes them together); null when Redis does not hold the flight
     * (or holds only its delete marker).
     */
    Flight flight(long flightId) {
        Response<Map<String, String>> hash;
        Response<Set<String>> seats;
        try (AbstractTransaction transaction = redis.multi()) {
            hash = transaction.hgetAll(flightKey(flightId));
            seats = transaction.smembers(flightKey(flightId) + ":seats");
            transaction.exec();
        }
        Map<String, String> fields = hash.get();
        if (fields.isEmpty() || "1".equals(fields.get("deleted"))) {
            return null;
        }
        return new Flight(fields, seats.get());
    }

    void ping() {
        redis.ping();
    }

    private String flightKey(long flightId) {
        return prefix + "flight:" + flightId;
    }
}
