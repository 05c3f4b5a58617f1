package dev.flightdeck.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flightdeck.stack.ConnectRest;
import dev.flightdeck.stack.Progress;
import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The two sink connectors as the stack runs them, inside the real Connect worker, reading the
 * real flight-availability topic: Redis and Elasticsearch agree with MySQL for every flight,
 * also after Elasticsearch was away for 30 s while bookings went on.
 */
@ExtendWith(SharedStack.class)
class ReadModelSinksIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONVERGE = Duration.ofMinutes(3);

    private final SharedStack stack = SharedStack.get();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void shouldAgreeWithMysqlInRedisAndElasticsearchAfterBookingTraffic() throws Exception {
        stack.simulateTraffic(60, Duration.ofSeconds(20));
        Map<Long, AvailabilityTruth> mysql = mysqlTruth();
        assertThat(mysql).hasSizeGreaterThan(500);

        awaitEqual("Redis", this::redisModel, mysql);
        awaitEqual("Elasticsearch", this::elasticsearchModel, mysql);
    }

    @Test
    void shouldCatchUpWithEveryChangeAfterElasticsearchWasStoppedWhileBookingsWentOn() throws Exception {
        stack.stack().stop(ServiceId.ELASTICSEARCH, Progress.console(System.out));
        Instant stopped = Instant.now();
        try {
            // 30 s of bookings while Elasticsearch is away; the sink retries with backoff, then asks Connect to redeliver.
            stack.simulateTraffic(60, Duration.ofSeconds(30));
            assertThat(connectorState("elasticsearch-sink-flights")).isNotEqualTo("FAILED");
        } finally {
            stack.stack().up(StackOptions.only(EnumSet.of(ServiceId.ELASTICSEARCH)), Progress.console(System.out));
        }
        System.out.printf("Elasticsearch was away for %d s%n", Duration.between(stopped, Instant.now()).toSeconds());
        Map<Long, AvailabilityTruth> mysql = mysqlTruth();
        awaitEqual("Elasticsearch after its outage", this::elasticsearchModel, mysql);
        assertThat(connectorState("elasticsearch-sink-flights")).isEqualTo("RUNNING");
    }

    private Map<Long, AvailabilityTruth> mysqlTruth() throws Exception {
        try (Connection db = stack.app()) {
            return AvailabilityTruth.fromMysql(db);
        }
    }

    private interface ReadModel {
        Map<Long, AvailabilityTruth> read() throws Exception;
    }

    /** Converged when the store says what MySQL says for every flight; on a timeout, shows the difference. */
    private static void awaitEqual(String store, ReadModel model, Map<Long, AvailabilityTruth> mysql) {
        Map<Long, AvailabilityTruth> last = new HashMap<>();
        try {
            Awaitility.await(store + " equal to MySQL").atMost(CONVERGE).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> {
                        last.clear();
                        last.putAll(model.read());
                        return last.equals(mysql);
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            assertThat(new TreeMap<>(last)).as(store + " vs MySQL").isEqualTo(new TreeMap<>(mysql));
        }
    }

    private Map<Long, AvailabilityTruth> redisModel() {
        Map<Long, AvailabilityTruth> model = new HashMap<>();
        try (JedisPooled redis = new JedisPooled(URI.create(stack.endpoints().redisUrl()))) {
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams flights = new ScanParams().match("flightdeck:flight:*").count(1000);
            do {
                ScanResult<String> page = redis.scan(cursor, flights);
                for (String key : page.getResult()) {
                    if (key.endsWith(":seats")) {
                        continue;
                    }
                    Map<String, String> hash = redis.hgetAll(key);
                    if (!hash.containsKey("deleted")) {
                        model.put(Long.parseLong(key.substring("flightdeck:flight:".length())),
                                AvailabilityTruth.fromRedis(hash, redis.smembers(key + ":seats")));
                    }
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        return model;
    }

    /** Every document of the alias flights, as a search UI sees it (after a refresh). */
    private Map<Long, AvailabilityTruth> elasticsearchModel() throws Exception {
        String es = stack.endpoints().elasticsearchUrl();
        send(HttpRequest.newBuilder(URI.create(es + "/flights/_refresh")).POST(HttpRequest.BodyPublishers.noBody()));
        ObjectNode query = JSON.createObjectNode().put("size", 10_000).put("track_total_hits", true);
        query.putObject("query").putObject("match_all");
        JsonNode answer = JSON.readTree(send(HttpRequest.newBuilder(URI.create(es + "/flights/_search"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(query.toString()))));
        assertThat(answer.path("hits").path("total").path("value").asInt()).isLessThan(10_000);
        Map<Long, AvailabilityTruth> model = new HashMap<>();
        for (JsonNode hit : answer.path("hits").path("hits")) {
            model.put(Long.parseLong(hit.get("_id").asText()), AvailabilityTruth.fromJson(hit.get("_source")));
        }
        return model;
    }

    private String send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.uri() + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private String connectorState(String name) throws Exception {
        ConnectRest.ConnectorStatus status = new ConnectRest(stack.endpoints().connectUrl()).status(name);
        return status.tasks().stream().anyMatch(t -> "FAILED".equals(t.state())) ? "FAILED" : status.state();
    }
}
