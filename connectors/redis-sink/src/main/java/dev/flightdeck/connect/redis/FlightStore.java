package dev.flightdeck.connect.redis;

import dev.flightdeck.connect.sink.AvailabilityUpdate;
import dev.flightdeck.connect.sink.PublishedFlight;
import dev.flightdeck.connect.sink.ReadModelWriter;
import dev.flightdeck.connect.sink.UpdateOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The Redis read model of flights. Keys (prefix configurable, default {@code flightdeck:}):
 * <ul>
 *   <li>{@code flight:{id}} hash: version, counts per cabin ({@code Y.available}, …), flight facts,
 *       sourceTimestamp (the newest MySQL commit reflected), updatedAt, routeKey; after a delete only {@code version} and {@code deleted=1} until the marker expires</li>
 *   <li>{@code flight:{id}:seats} set: the taken seats</li>
 *   <li>{@code route:{ORIGIN}:{DESTINATION}:{yyyy-MM-dd}} sorted set: flight ids by departure time</li>
 * </ul>
 * Every write runs one Lua script that compares versions first, so a write is atomic per flight
 * and an older version never overwrites a newer one. Public for the benchmark's ceiling: the same
 * pipelined writes without Kafka and Connect.
 */
public final class FlightStore implements ReadModelWriter {

    static final String SCRIPT = load("write-flight.lua");

    private final JedisPooled redis;
    private final String prefix;
    private final long expireAfterArrivalMillis;
    private final long deletedMarkerTtlMillis;
    private final Clock clock;
    private String sha;

    public FlightStore(JedisPooled redis, String prefix, long expireAfterArrivalMillis, long deletedMarkerTtlMillis, Clock clock) {
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

    @Override
    public String target() {
        return "Redis";
    }

    /** Applies the updates in one pipeline; each is written, or skipped by the script as not newer than what Redis holds. */
    @Override
    public List<UpdateOutcome> write(List<AvailabilityUpdate> updates) {
        if (sha == null) {
            sha = redis.scriptLoad(SCRIPT);
        }
        List<Response<Object>> answers = new ArrayList<>(updates.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (AvailabilityUpdate update : updates) {
                answers.add(pipeline.evalsha(sha, keys(update), arguments(update)));
            }
            pipeline.sync();
        }
        List<UpdateOutcome> outcomes = new ArrayList<>(answers.size());
        for (Response<Object> answer : answers) {
            try {
                outcomes.add(((Long) answer.get()) == 1L ? UpdateOutcome.WRITTEN : UpdateOutcome.SKIPPED_AS_NOT_NEWER);
            } catch (JedisDataException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
                    sha = null; // Redis restarted without persistence or SCRIPT FLUSH: load it again on the retry
                }
                throw e;
            }
        }
        return outcomes;
    }

    @Override
    public boolean isTransient(Exception failure) {
        return isTransientFailure(failure);
    }

    /** Connection failures and timeouts, and the answers that pass: loading, a busy script, a flushed script cache. */
    static boolean isTransientFailure(Exception e) {
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

    private List<String> keys(AvailabilityUpdate update) {
        return switch (update) {
            case AvailabilityUpdate.Upsert upsert -> List.of(flightKey(upsert.flightId()), seatsKey(upsert.flightId()),
                    routeKey(route(upsert.flight())));
            case AvailabilityUpdate.Delete delete -> List.of(flightKey(delete.flightId()), seatsKey(delete.flightId()));
        };
    }

    /** "ORIGIN:DESTINATION:yyyy-MM-dd" (UTC departure day). */
    static String route(PublishedFlight flight) {
        return flight.origin() + ":" + flight.destination() + ":" + flight.departureDay();
    }

    /** The script's arguments: op, version, ttl, flight id, departure score, field count, fields..., seats... */
    private List<String> arguments(AvailabilityUpdate update) {
        List<String> args = new ArrayList<>();
        switch (update) {
            case AvailabilityUpdate.Upsert upsert -> {
                PublishedFlight flight = upsert.flight();
                long expiresIn = Math.max(1, flight.arrivalTime().toEpochMilli() + expireAfterArrivalMillis - clock.millis());
                List<String> fields = hashFields(flight);
                args.addAll(List.of("put", Long.toString(flight.version()), Long.toString(expiresIn),
                        Long.toString(flight.flightId()), Long.toString(flight.departureTime().toEpochMilli()),
                        Integer.toString(fields.size() / 2)));
                args.addAll(fields);
                args.addAll(flight.takenSeats());
            }
            case AvailabilityUpdate.Delete delete -> args.addAll(List.of("del", Long.toString(delete.version()),
                    Long.toString(deletedMarkerTtlMillis), Long.toString(delete.flightId()), "0", "0"));
        }
        return args;
    }

    /** The flight hash besides version and routeKey, as name, value pairs: facts and counts per cabin ("Y.available"). */
    static List<String> hashFields(PublishedFlight flight) {
        List<String> fields = new ArrayList<>(List.of("flightNumber", flight.flightNumber(), "origin", flight.origin(),
                "destination", flight.destination(), "aircraftType", flight.aircraftType(), "status", flight.status(),
                "currency", flight.currency(), "departureTime", flight.departureTime().toString(),
                "arrivalTime", flight.arrivalTime().toString(), "baseFare", flight.baseFare().toPlainString()));
        if (flight.aircraftModel() != null) {
            fields.addAll(List.of("aircraftModel", flight.aircraftModel()));
        }
        if (flight.sourceTimestamp() != null) {
            fields.addAll(List.of("sourceTimestamp", flight.sourceTimestamp().toString())); // freshness: the newest commit reflected
        }
        if (flight.updatedAt() != null) {
            fields.addAll(List.of("updatedAt", flight.updatedAt().toString()));
        }
        for (PublishedFlight.Cabin cabin : flight.cabins()) {
            fields.addAll(List.of(cabin.cabin() + ".capacity", Integer.toString(cabin.capacity()),
                    cabin.cabin() + ".held", Integer.toString(cabin.held()),
                    cabin.cabin() + ".confirmed", Integer.toString(cabin.confirmed()),
                    cabin.cabin() + ".available", Integer.toString(cabin.available())));
        }
        return fields;
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
