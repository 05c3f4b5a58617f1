package dev.flightdeck.ops.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * seat-availability's state store, through its HTTP API ({@code GET /flights/{id}/availability}),
 * flight by flight: any instance answers for any flight, forwarding to the owner.
 */
public final class SeatAvailabilityStore implements ReadModel {

    private static final ObjectMapper JSON = new ObjectMapper();

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
        for (long flightId : truth.flights().keySet()) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/flights/" + flightId + "/availability"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                flights.put(flightId, FlightCounts.fromJson(JSON.readTree(answer.body())));
            } else if (answer.statusCode() == 503) {
                throw new NotReadableYet(answer.body()); // rebalancing or restoring, e.g. just after a broker restart
            } else if (answer.statusCode() != 404) {
                throw new IllegalStateException(answer.uri() + ": HTTP " + answer.statusCode() + " " + answer.body());
            }
        }
        return flights;
    }
}
