package dev.flightdeck.ops.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The Elasticsearch sink's documents, as a search UI sees them: the alias refreshed, then every
 * document read through a point in time, page by page in shard order.
 */
public final class ElasticsearchReadModel implements ReadModel {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 2_000;

    private final String url;
    private final String alias;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public ElasticsearchReadModel(String url, String alias) {
        this.url = url;
        this.alias = alias;
    }

    @Override
    public String name() {
        return "Elasticsearch";
    }

    @Override
    public Map<Long, FlightCounts> read(MysqlTruth truth) throws Exception {
        post("/" + alias + "/_refresh", null);
        String pit = JSON.readTree(post("/" + alias + "/_pit?keep_alive=1m", null)).get("id").asText();
        Map<Long, FlightCounts> flights = new HashMap<>();
        try {
            JsonNode after = null;
            while (true) {
                ObjectNode query = JSON.createObjectNode().put("size", PAGE).put("track_total_hits", false);
                query.putObject("pit").put("id", pit).put("keep_alive", "1m");
                query.putArray("sort").addObject().put("_shard_doc", "asc");
                query.putArray("_source").add("cabins").add("takenSeats");
                if (after != null) {
                    query.set("search_after", after);
                }
                JsonNode hits = JSON.readTree(post("/_search", query.toString())).path("hits").path("hits");
                if (hits.isEmpty()) {
                    return flights;
                }
                for (JsonNode hit : hits) {
                    flights.put(Long.parseLong(hit.get("_id").asText()), FlightCounts.fromJson(hit.get("_source")));
                    after = hit.get("sort");
                }
            }
        } finally {
            HttpRequest close = HttpRequest.newBuilder(URI.create(url + "/_pit")).header("Content-Type", "application/json")
                    .method("DELETE", HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("id", pit).toString()))
                    .timeout(Duration.ofSeconds(10)).build();
            http.send(close, HttpResponse.BodyHandlers.discarding());
        }
    }

    private String post(String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.uri() + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
