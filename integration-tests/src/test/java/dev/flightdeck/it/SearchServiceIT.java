package dev.flightdeck.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The search service on the running stack: its API against what MySQL holds, a booking reaching
 * the seat map, airports arriving through the CDC pipeline, and the gateway's refusals (no key,
 * a bad parameter, an unknown flight, a key over its rate). The rate test runs last: it empties
 * the shared key's bucket.
 */
@ExtendWith(SharedStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SearchServiceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private final SharedStack stack = SharedStack.get();

    /** Read once per test: the status comes from a command, far slower than a request to the service. */
    private final String baseUrl = stack.searchServiceUrl();

    private String baseUrl() {
        return baseUrl;
    }

    private String apiKey() throws Exception {
        return stack.searchApiKey();
    }

    private HttpResponse<String> get(String pathAndQuery, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery)).timeout(Duration.ofSeconds(10));
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void shouldRefuseRequestsWithoutAValidKey() throws Exception {
        HttpResponse<String> none = get("/api/flights?from=FRA", null);
        HttpResponse<String> wrong = get("/api/flights?from=FRA", "fdk_not-a-key");

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(JSON.readTree(none.body()).path("error").asText()).contains("X-Api-Key");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    @Order(2)
    void shouldNameTheBadParameterAndAnswer404ForAnUnknownFlight() throws Exception {
        HttpResponse<String> badDate = get("/api/flights?from=FRA&date=2026-13-01", apiKey());
        HttpResponse<String> badCabin = get("/api/flights?cabin=Q", apiKey());
        HttpResponse<String> unknown = get("/api/flights/987654321/seatmap", apiKey());

        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badDate.body()).path("error").asText()).startsWith("date:");
        assertThat(badCabin.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badCabin.body()).path("error").asText()).startsWith("cabin:");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void shouldFindExactlyTheFlightsMysqlHasForARouteAndDayByCodeAndByCity() throws Exception {
        String origin;
        String destination;
        String day;
        String originCity;
        Set<Long> expected = new TreeSet<>();
        try (Connection db = stack.app(); ResultSet route = db.createStatement().executeQuery(
                "SELECT f.origin, f.destination, DATE(f.departure_time), a.city FROM flight f JOIN airport a ON a.code = f.origin"
                        + " GROUP BY f.origin, f.destination, DATE(f.departure_time), a.city HAVING COUNT(*) >= 1"
                        + " ORDER BY COUNT(*) DESC, 1, 2, 3 LIMIT 1")) {
            assertThat(route.next()).as("the seed has flights").isTrue();
            origin = route.getString(1);
            destination = route.getString(2);
            day = route.getString(3);
            originCity = route.getString(4);
            try (PreparedStatement ids = db.prepareStatement(
                    "SELECT id FROM flight WHERE origin = ? AND destination = ? AND DATE(departure_time) = ?")) {
                ids.setString(1, origin);
                ids.setString(2, destination);
                ids.setString(3, day);
                ResultSet rows = ids.executeQuery();
                while (rows.next()) {
                    expected.add(rows.getLong(1));
                }
            }
        }
        String key = apiKey();

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(flightIds(get("/api/flights?from=" + origin + "&to=" + destination + "&date=" + day + "&size=100", key)))
                        .isEqualTo(expected));
        JsonNode byCity = JSON.readTree(get("/api/flights?from=" + URLEncoder.encode(originCity, StandardCharsets.UTF_8)
                + "&to=" + destination + "&date=" + day + "&size=100", key).body());
        Set<Long> cityIds = new HashSet<>();
        byCity.path("flights").forEach(f -> cityIds.add(f.path("flightId").asLong()));
        assertThat(cityIds).containsAll(expected);
        JsonNode page = JSON.readTree(get("/api/flights?from=" + origin + "&date=" + day, key).body());
        assertThat(page.path("facets").path("freeSeats").has("Y")).isTrue();
        assertThat(page.path("seatsSource").asText()).isEqualTo("redis");
        assertThat(page.path("flights").get(0).path("seats").path("source").asText()).isEqualTo("redis");
    }

    @Test
    @Order(4)
    void shouldShowASeatBookedInMysqlAsTakenOnTheSeatMapWithinSeconds() throws Exception {
        long flightId;
        String seat;
        String cabin;
        try (Connection db = stack.app(); ResultSet free = db.createStatement().executeQuery(
                "SELECT f.id, s.seat_no, s.cabin FROM flight f JOIN seat_map s ON s.aircraft_type = f.aircraft_type"
                        + " WHERE f.departure_time > NOW() + INTERVAL 1 DAY AND f.status = 'SCHEDULED' AND NOT EXISTS"
                        + " (SELECT 1 FROM booking b WHERE b.flight_id = f.id AND b.active_seat = s.seat_no)"
                        + " ORDER BY f.id, s.seat_row, s.seat_letter LIMIT 1")) {
            assertThat(free.next()).as("a future flight with a free seat").isTrue();
            flightId = free.getLong(1);
            seat = free.getString(2);
            cabin = free.getString(3);
        }
        String key = apiKey();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> seatTaken(get("/api/flights/" + flightId + "/seatmap", key), seat), taken -> !taken);
        String etag = get("/api/flights/" + flightId + "/seatmap", key).headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> unchanged = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/flights/" + flightId + "/seatmap"))
                .header("X-Api-Key", key).header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unchanged.statusCode()).isEqualTo(304);

        try (Connection db = stack.app(); PreparedStatement book = db.prepareStatement(
                "INSERT INTO booking (reference, flight_id, passenger_id, cabin, seat_no, status, fare, currency, hold_expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, 'CONFIRMED', 150.00, 'EUR', NULL)")) {
            book.setString(1, Rows.newReference());
            book.setLong(2, flightId);
            book.setLong(3, Rows.newPassenger(db));
            book.setString(4, cabin);
            book.setString(5, seat);
            book.executeUpdate();
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> seatTaken(get("/api/flights/" + flightId + "/seatmap", key), seat), taken -> taken);
    }

    @Test
    @Order(5)
    void shouldCompleteAnAirportAddedToMysqlThroughTheCdcPipeline() throws Exception {
        String key = apiKey();
        try (Connection db = stack.app()) {
            db.createStatement().executeUpdate("DELETE FROM airport WHERE code = 'QXZ'");
            db.createStatement().executeUpdate("INSERT INTO airport (code, name, city, country, time_zone, latitude, longitude)"
                    + " VALUES ('QXZ', 'Quixotic Field', 'Qxzton', 'PT', 'Europe/Lisbon', 38.7, -9.1)");
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(JSON.readTree(get("/api/airports?q=qxzt", key).body()).path("airports").findValuesAsText("code"))
                        .containsExactly("QXZ"));

        try (Connection db = stack.app()) {
            db.createStatement().executeUpdate("DELETE FROM airport WHERE code = 'QXZ'");
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(JSON.readTree(get("/api/airports?q=qxz", key).body()).path("airports").findValuesAsText("code"))
                        .doesNotContain("QXZ"));
    }

    @Test
    @Order(6)
    void shouldRefuseAKeyOverItsRateWith429AndSayWhenToRetry() throws Exception {
        String key = apiKey();
        List<HttpResponse<String>> answers = new ArrayList<>();
        // One request after another on one connection: far faster than the bucket refills (20/s after a burst of 40).
        while (answers.size() < 500 && answers.stream().noneMatch(a -> a.statusCode() == 429)) {
            answers.add(get("/api/airports?q=f", key));
        }

        List<HttpResponse<String>> refused = answers.stream().filter(a -> a.statusCode() == 429).toList();
        assertThat(refused).as("a 429 within 500 requests").isNotEmpty();
        assertThat(answers).allMatch(a -> a.statusCode() == 200 || a.statusCode() == 429);
        HttpResponse<String> first = refused.getFirst();
        assertThat(Long.parseLong(first.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(first.headers().firstValue("RateLimit-Limit")).isPresent();
        assertThat(first.headers().firstValue("RateLimit-Remaining")).hasValue("0");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> get("/api/airports?q=f", key).statusCode() == 200);
    }

    private static Set<Long> flightIds(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Set<Long> ids = new TreeSet<>();
        JSON.readTree(response.body()).path("flights").forEach(f -> ids.add(f.path("flightId").asLong()));
        return ids;
    }

    private static boolean seatTaken(HttpResponse<String> response, String seat) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (JsonNode cabin : JSON.readTree(response.body()).path("cabins")) {
            for (JsonNode row : cabin.path("rows")) {
                for (JsonNode s : row.path("seats")) {
                    if (s.path("seat").asText().equals(seat)) {
                        return s.path("taken").asBoolean();
                    }
                }
            }
        }
        throw new AssertionError("seat " + seat + " is not on the seat map: " + response.body());
    }
}
