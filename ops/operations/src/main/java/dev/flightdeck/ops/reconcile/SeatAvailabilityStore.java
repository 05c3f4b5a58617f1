package dev.flightdeck.ops.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * seat-availability's state store, through its HTTP API: the paged listing of every flight
 * ({@code GET /flights?limit=1000}, then each {@code nextCursor}), which the instance asked
 * gathers from every instance. A few requests per read instead of one per flight keep a read
 * within a second or two, so that under live traffic a busy flight is still caught agreeing.
 */
public final class SeatAvailabilityStore implements ReadModel {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 1000; // the API's largest page

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public SeatAvailabilityStore(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public String name() {
        return "seat-availability store";
    }

    @Override
    public Map<Long, FlightCounts> read(MysqlTruth truth) throws Exception {
        Map<Long, FlightCounts> flights = new HashMap<>();
        String cursor = null;
        do {
            String page = "/flights?limit=" + PAGE + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            HttpResponse<String> answer;
            try {
                answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + page))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                // An instance that just lost its peer waits on it before it answers; as with a 503, read again until the settle ends.
                throw new NotReadableYet("no answer from " + baseUrl + page + " within 10 s");
            }
            if (answer.statusCode() == 503) {
                throw new NotReadableYet(answer.body()); // rebalancing, restoring, or an instance not answering its part
            }
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(answer.uri() + ": HTTP " + answer.statusCode() + " " + answer.body());
            }
            JsonNode body = JSON.readTree(answer.body());
            for (JsonNode flight : body.get("flights")) {
                flights.put(flight.get("flightId").asLong(), FlightCounts.fromJson(flight));
            }
            cursor = body.hasNonNull("nextCursor") ? body.get("nextCursor").asText() : null;
        } while (cursor != null);
        return flights;
    }
}
