package dev.flightdeck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flightdeck.ops.Progress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * Watches the stack's read models for flight-availability versions: each version expected is
 * looked for until Redis holds it (one pipeline every 5 ms) and, for a sample, until the search
 * alias finds it (one search every 100 ms: Elasticsearch makes writes searchable once a second,
 * so finer probing only loads it); the time from its source commit is handed to a recorder.
 */
final class ReadModelProbes implements AutoCloseable {

    /** A flight-availability version waiting to show up in a store. */
    record Pending(long flightId, long version, long committedMillis) {
    }

    interface Recorder {
        void record(long committedMillis, long latencyMillis);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String elasticsearchUrl;
    private final JedisPooled redis;
    private final Progress console;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Set<Pending> redisPending = ConcurrentHashMap.newKeySet();
    private final Set<Pending> searchPending = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService probes = Executors.newScheduledThreadPool(2);

    ReadModelProbes(String elasticsearchUrl, JedisPooled redis, Recorder toRedis, Recorder toSearch, Progress console) {
        this.elasticsearchUrl = elasticsearchUrl;
        this.redis = redis;
        this.console = console;
        probes.scheduleWithFixedDelay(() -> probeRedis(toRedis), 5, 5, TimeUnit.MILLISECONDS);
        probes.scheduleWithFixedDelay(() -> probeSearch(toSearch), 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Looks for this version in Redis and, if {@code search}, in Elasticsearch. */
    void expect(Pending version, boolean search) {
        redisPending.add(version);
        if (search) {
            searchPending.add(version);
        }
    }

    int waitingForRedis() {
        return redisPending.size();
    }

    int waitingForSearch() {
        return searchPending.size();
    }

    /** How long the oldest version still missing from Redis has been committed: 0 when none is missing. */
    long redisBehindMillis(long nowMillis) {
        return behind(redisPending, nowMillis);
    }

    /** As {@link #redisBehindMillis}, for the sampled versions looked for in search. */
    long searchBehindMillis(long nowMillis) {
        return behind(searchPending, nowMillis);
    }

    private static long behind(Set<Pending> pending, long nowMillis) {
        return pending.stream().mapToLong(p -> nowMillis - p.committedMillis()).max().orElse(0);
    }

    @Override
    public void close() {
        probes.shutdownNow();
    }

    private void probeRedis(Recorder into) {
        List<Pending> waiting = List.copyOf(redisPending);
        if (waiting.isEmpty()) {
            return;
        }
        List<Response<String>> versions = new ArrayList<>(waiting.size());
        try (Pipeline pipeline = (Pipeline) redis.pipelined()) {
            for (Pending p : waiting) {
                versions.add(pipeline.hget("flightdeck:flight:" + p.flightId(), "version"));
            }
            pipeline.sync();
        }
        long now = System.currentTimeMillis();
        for (int i = 0; i < waiting.size(); i++) {
            String stored = versions.get(i).get();
            if (stored != null && Long.parseLong(stored) >= waiting.get(i).version() && redisPending.remove(waiting.get(i))) {
                into.record(waiting.get(i).committedMillis(), Math.max(0, now - waiting.get(i).committedMillis()));
            }
        }
    }

    /** One search for every waiting flight on the alias the search UI uses. */
    private void probeSearch(Recorder into) {
        List<Pending> waiting = List.copyOf(searchPending);
        if (waiting.isEmpty()) {
            return;
        }
        try {
            ObjectNode query = JSON.createObjectNode().put("size", waiting.size()).put("version", true);
            query.putArray("_source").add("version");
            var ids = query.putObject("query").putObject("ids").putArray("values");
            waiting.stream().map(p -> Long.toString(p.flightId())).distinct().forEach(ids::add);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(elasticsearchUrl + "/flights/_search"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(query.toString())).build(), HttpResponse.BodyHandlers.ofString());
            long now = System.currentTimeMillis();
            Map<Long, Long> found = new HashMap<>();
            for (JsonNode hit : JSON.readTree(response.body()).path("hits").path("hits")) {
                found.put(hit.path("_id").asLong(), hit.path("_version").asLong());
            }
            for (Pending p : waiting) {
                if (found.getOrDefault(p.flightId(), -1L) >= p.version() && searchPending.remove(p)) {
                    into.record(p.committedMillis(), Math.max(0, now - p.committedMillis()));
                }
            }
        } catch (Exception e) {
            console.update("latency", "search probe failed: " + e.getMessage());
        }
    }
}
