package dev.flightdeck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flightdeck.connect.elasticsearch.ElasticsearchSinkTask;
import dev.flightdeck.connect.sink.FlightAvailabilityStructs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Elasticsearch sink's task against the local stack's real Elasticsearch, each test behind
 * an alias of its own: whatever order and however often records come, the document ends at the
 * newest version; a deleted flight stays deleted; the index is laid out as the template says.
 */
@ExtendWith(SharedStack.class)
class ElasticsearchSinkIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SharedStack stack = SharedStack.get();
    private final String alias = "it-" + UUID.randomUUID().toString().substring(0, 8) + "-flights";
    private final Instant departure = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ElasticsearchSinkTask task;
    private long offset;

    @BeforeEach
    void start() {
        task = new ElasticsearchSinkTask();
        task.start(Map.of("elasticsearch.urls", stack.profile().elasticsearchUrl(), "index.alias", alias, "index.name", alias + "-v1"));
    }

    @AfterEach
    void stop() {
        task.stop();
    }

    private SinkRecord put(long flightId, long version, List<String> seats) {
        return FlightAvailabilityStructs.record(FlightAvailabilityStructs.flight(flightId, version, "FRA", "LIS", departure, seats), offset++);
    }

    @Test
    void shouldEndAtTheNewestVersionWhetherRecordsComeTwiceReversedOrOlderAfterNewer() throws Exception {
        List<SinkRecord> versions = new ArrayList<>();
        for (int v = 1; v <= 5; v++) {
            List<String> seats = new ArrayList<>();
            for (int s = 1; s <= v; s++) {
                seats.add(s + "A");
            }
            versions.add(put(7, v, seats));
        }
        task.put(versions);
        task.put(versions); // the same records again
        List<SinkRecord> reversed = new ArrayList<>(versions);
        Collections.reverse(reversed);
        for (SinkRecord record : reversed) {
            task.put(List.of(record)); // older after newer, one batch each
        }
        JsonNode doc = get(7);
        assertThat(doc.path("_version").asLong()).isEqualTo(5);
        assertThat(doc.path("_source").path("version").asLong()).isEqualTo(5);
        assertThat(doc.path("_source").path("available").path("Y").asInt()).isEqualTo(143);
        assertThat(doc.path("_source").path("takenSeats")).hasSize(5);
        assertThat(doc.path("_source").path("route").asText()).isEqualTo("FRA-LIS");
    }

    @Test
    void shouldKeepADeletedFlightDeletedWhenAnOlderWriteComesLater() throws Exception {
        task.put(List.of(put(8, 1, List.of("1A")), put(8, 2, List.of("1A", "1B"))));
        task.put(List.of(FlightAvailabilityStructs.tombstone(8, 3, offset++)));
        task.put(List.of(put(8, 2, List.of("1A", "1B")))); // a replay of an older version
        assertThat(get(8).path("found").asBoolean()).isFalse();
        task.put(List.of(put(8, 4, List.of("2A")))); // the flight comes back, newer
        assertThat(get(8).path("_version").asLong()).isEqualTo(4);
    }

    @Test
    void shouldKeepThePutAndDeleteOrderWithinABatch() throws Exception {
        task.put(List.of(put(9, 1, List.of()), FlightAvailabilityStructs.tombstone(9, 2, offset++)));
        assertThat(get(9).path("found").asBoolean()).isFalse();
        task.put(List.of(FlightAvailabilityStructs.tombstone(10, 1, offset++), put(10, 2, List.of("3C"))));
        assertThat(get(10).path("_version").asLong()).isEqualTo(2);
    }

    @Test
    void shouldLayOutTheIndexBehindTheAliasWithTheStrictMappingAndSearchByRouteAndDay() throws Exception {
        task.put(List.of(put(11, 1, List.of("4D"))));
        JsonNode aliases = JSON.readTree(send("GET", "/_alias/" + alias, null));
        assertThat(aliases.fieldNames()).toIterable().containsExactly(alias + "-v1");
        JsonNode mapping = JSON.readTree(send("GET", "/" + alias + "-v1/_mapping", null)).path(alias + "-v1").path("mappings");
        assertThat(mapping.path("dynamic").asText()).isEqualTo("strict");
        // In _source for the search API and reconcile, but not indexed: no query reads them.
        assertThat(mapping.path("properties").path("cabins").path("enabled").asBoolean(true)).isFalse();
        assertThat(mapping.path("properties").path("takenSeats").path("index").asBoolean(true)).isFalse();
        JsonNode settings = JSON.readTree(send("GET", "/" + alias + "-v1/_settings", null)).path(alias + "-v1").path("settings").path("index");
        assertThat(settings.path("gc_deletes").asText()).isEqualTo("7d");
        send("POST", "/" + alias + "/_refresh", "");
        String query = """
                {"query": {"bool": {"filter": [{"term": {"route": "FRA-LIS"}}, {"term": {"departureDate": "%s"}},
                 {"range": {"available.Y": {"gte": 100}}}]}}}""".formatted(departure.toString().substring(0, 10));
        JsonNode hits = JSON.readTree(send("POST", "/" + alias + "/_search", query)).path("hits").path("hits");
        assertThat(hits).extracting(hit -> hit.path("_id").asText()).containsExactly("11");
        assertThat(hits.get(0).path("_source").path("takenSeats")).extracting(JsonNode::asText).containsExactly("4D");
        assertThat(hits.get(0).path("_source").path("cabins")).isNotEmpty();
    }

    @Test
    void shouldRefuseToStartWhenTheAliasMustExistAndDoesNot() {
        ElasticsearchSinkTask strict = new ElasticsearchSinkTask();
        try {
            assertThatThrownBy(() -> strict.start(Map.of("elasticsearch.urls", stack.profile().elasticsearchUrl(),
                    "index.alias", alias + "-missing", "index.name", alias + "-missing-v1", "index.setup", "REQUIRE_EXISTING")))
                    .hasMessageContaining("alias " + alias + "-missing does not exist");
        } finally {
            strict.stop();
        }
    }

    private JsonNode get(long flightId) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(stack.profile().elasticsearchUrl() + "/" + alias + "/_doc/" + flightId)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isIn(200, 404);
        return JSON.readTree(response.body());
    }

    private String send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.profile().elasticsearchUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(200);
        return response.body();
    }
}
