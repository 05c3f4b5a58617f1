package dev.flightdeck.connect.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Response;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The Redis read model of flights. Keys (prefix configurable, default {@code flightdeck:}):
 * <ul>
 *   <li>{@code flight:{id}} hash: version, counts per cabin ({@code Y.available}, …), flight facts,
 *       routeKey; after a delete only {@code version} and {@code deleted=1} until the marker expires</li>
 *   <li>{@code flight:{id}:seats} set: the taken seats</li>
 *   <li>{@code route:{ORIGIN}:{DESTINATION}:{yyyy-MM-dd}} sorted set: flight ids by departure time</li>
 * </ul>
 * Every write runs one Lua script that compares versions first, so a write is atomic per flight
 * and an older version never overwrites a newer one.
 */
final class FlightStore implements AutoCloseable {

    static final String SCRIPT = load("write-flight.lua");

    private final JedisPooled redis;
    private final String prefix;
    private final long expireAfterArrivalMillis;
    private final long deletedMarkerTtlMillis;
    private final Clock clock;
    private String sha;

    FlightStore(JedisPooled redis, String prefix, long expireAfterArrivalMillis, long deletedMarkerTtlMillis, Clock clock) {
        this.redis = redis;
        this.prefix = prefix;
        this.expireAfterArrivalMillis = expireAfterArrivalMillis;
        this.deletedMarkerTtlMillis = deletedMarkerTtlMillis;
        this.clock = clock;
    }

    String flightKey(long flightId) {
        return prefix + "flight:" + flightId;
    }

    String seatsKey(long flightId) {
        return flightKey(flightId) + ":seats";
    }

    String routeKey(String route) {
        return prefix + "route:" + route;
    }

    /** Applies the operations in one pipeline; returns how many were newer than what Redis held. */
    int write(List<FlightOperation> operations) {
        if (sha == null) {
            sha = redis.scriptLoad(SCRIPT);
        }
        List<Response<Object>> answers = new ArrayList<>(operations.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (FlightOperation operation : operations) {
                answers.add(pipeline.evalsha(sha, keys(operation), arguments(operation)));
            }
            pipeline.sync();
        }
        int written = 0;
        for (Response<Object> answer : answers) {
            try {
                written += ((Long) answer.get()).intValue();
            } catch (JedisDataException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
                    sha = null; // Redis restarted without persistence or SCRIPT FLUSH: load it again on the retry
                }
                throw e;
            }
        }
        return written;
    }

    private List<String> keys(FlightOperation operation) {
        return switch (operation) {
            case FlightOperation.Upsert upsert -> List.of(flightKey(upsert.flightId()), seatsKey(upsert.flightId()),
                    routeKey(upsert.route()));
            case FlightOperation.Delete delete -> List.of(flightKey(delete.flightId()), seatsKey(delete.flightId()));
        };
    }

    private List<String> arguments(FlightOperation operation) {
        List<String> args = new ArrayList<>();
        switch (operation) {
            case FlightOperation.Upsert upsert -> {
                long expiresIn = Math.max(1, upsert.arrivalMillis() + expireAfterArrivalMillis - clock.millis());
                args.addAll(List.of("put", Long.toString(upsert.version()), Long.toString(expiresIn),
                        Long.toString(upsert.flightId()), Long.toString(upsert.departureMillis()),
                        Integer.toString(upsert.fields().size())));
                for (Map.Entry<String, String> field : upsert.fields().entrySet()) {
                    args.add(field.getKey());
                    args.add(field.getValue());
                }
                args.addAll(upsert.takenSeats());
            }
            case FlightOperation.Delete delete -> args.addAll(List.of("del", Long.toString(delete.version()),
                    Long.toString(deletedMarkerTtlMillis), Long.toString(delete.flightId()), "0", "0"));
        }
        return args;
    }

    @Override
    public void close() {
        redis.close();
    }

    private static String load(String name) {
        try (InputStream in = FlightStore.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the plugin");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
