package dev.flightdeck.seats;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.flightdeck.seats.AvailabilityJson.ErrorJson;
import dev.flightdeck.seats.AvailabilityJson.FlightJson;
import dev.flightdeck.seats.AvailabilityJson.FlightListJson;
import dev.flightdeck.seats.AvailabilityJson.SeatPlanJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: availability and seat plans of one flight, and a search by route and day. Any
 * instance answers any flight: a request for a flight another instance owns is forwarded to it
 * once (a forwarded request is never forwarded again). Health and metrics are the ops endpoints'
 * ({@link dev.flightdeck.streams.runtime.OpsEndpoints}), which pass every other path here.
 */
final class AvailabilityApi implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(AvailabilityApi.class);
    private static final Pattern FLIGHT_PATH = Pattern.compile("^/flights/([^/]+)/(availability|seats)$");
    private static final Pattern AIRPORT = Pattern.compile("^[A-Z]{3}$");
    static final String FORWARDED_HEADER = "X-Flightdeck-Forwarded";

    private final AvailabilityQueries queries;
    private final HttpClient forwarder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    AvailabilityApi(AvailabilityQueries queries) {
        this.queries = queries;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        // The catches sit inside the try-with-resources: its close runs before its own catch
        // clauses, which could then no longer answer on the closed exchange.
        try (exchange) {
            try {
                if (!"GET".equals(exchange.getRequestMethod())) {
                    error(exchange, 405, exchange.getRequestMethod() + " is not supported; the API is read-only (GET)");
                    return;
                }
                route(exchange);
            } catch (InvalidStateStoreException e) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                error(exchange, 503, "the state is not queryable right now (rebalancing or restoring); retry shortly");
            } catch (RuntimeException | Error e) {
                // The JDK's server would drop the connection without a word; answer, and log why.
                log.error("GET {} failed", exchange.getRequestURI(), e);
                error(exchange, 500, "internal error: " + e);
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> params = params(exchange.getRequestURI().getRawQuery());
        if (path.equals("/flights")) {
            search(exchange, params);
            return;
        }
        Matcher flight = FLIGHT_PATH.matcher(path);
        if (flight.matches()) {
            oneFlight(exchange, flight.group(1), flight.group(2));
        } else {
            error(exchange, 404, "no endpoint " + path + "; try /flights/{id}/availability, /flights/{id}/seats, "
                    + "/flights?origin=FRA&destination=LIS&date=2026-12-01, /health/ready, /metrics");
        }
    }

    private void oneFlight(HttpExchange exchange, String idText, String what) throws IOException {
        long id;
        try {
            id = Long.parseLong(idText);
            if (id <= 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            error(exchange, 400, "flight id '" + idText + "' is not a positive number");
            return;
        }
        switch (queries.ownerOf(id)) {
            case AvailabilityQueries.Owner.Elsewhere elsewhere -> forward(exchange, elsewhere.host());
            case AvailabilityQueries.Owner.Unknown unknown -> {
                exchange.getResponseHeaders().add("Retry-After", "1");
                error(exchange, 503, "no instance owns flight " + id + " right now (rebalancing); retry shortly");
            }
            case AvailabilityQueries.Owner.Here here -> {
                Optional<KnownFlight> flight = queries.flight(id, here.partition());
                if (flight.isEmpty()) {
                    error(exchange, 404, "flight " + id + " is not known (or its aircraft's seat map is not yet)");
                } else if (what.equals("availability")) {
                    json(exchange, 200, FlightJson.of(queries.availability(flight.get())));
                } else {
                    String aircraftType = flight.get().state().flight().aircraftType();
                    Optional<AircraftSeating> seating = queries.seating(aircraftType);
                    if (seating.isEmpty()) {
                        error(exchange, 404, "no seat map for aircraft type " + aircraftType);
                    } else {
                        json(exchange, 200, SeatPlanJson.of(flight.get(), seating.get()));
                    }
                }
            }
        }
    }

    private void search(HttpExchange exchange, Map<String, String> params) throws IOException {
        String origin = params.get("origin");
        String destination = params.get("destination");
        LocalDate date;
        for (String airport : new String[] {origin, destination}) {
            if (airport != null && !AIRPORT.matcher(airport).matches()) {
                error(exchange, 400, "'" + airport + "' is not an IATA airport code (three letters, e.g. FRA)");
                return;
            }
        }
        try {
            date = params.containsKey("date") ? LocalDate.parse(params.get("date")) : null;
        } catch (DateTimeParseException e) {
            error(exchange, 400, "date '" + params.get("date") + "' is not a day like 2026-12-01");
            return;
        }
        List<FlightJson> flights = new ArrayList<>();
        queries.search(origin, destination, date).forEach(a -> flights.add(FlightJson.of(a)));
        if (!params.containsKey("local")) {
            String query = exchange.getRequestURI().getRawQuery();
            String local = "/flights?" + (query == null ? "" : query + "&") + "local=true";
            for (HostInfo other : queries.otherInstances()) {
                HttpResponse<String> answer = get(other, local);
                if (answer == null || answer.statusCode() != 200) {
                    exchange.getResponseHeaders().add("Retry-After", "1");
                    error(exchange, 503, "instance " + other.host() + ":" + other.port() + " did not answer its part of the search");
                    return;
                }
                flights.addAll(AvailabilityJson.MAPPER.readValue(answer.body(), new TypeReference<FlightListJson>() { }).flights());
            }
            flights.sort(Comparator.comparing(FlightJson::departureTime).thenComparingLong(FlightJson::flightId));
        }
        json(exchange, 200, new FlightListJson(flights.size(), flights));
    }

    private void forward(HttpExchange exchange, HostInfo owner) throws IOException {
        if (exchange.getRequestHeaders().containsKey(FORWARDED_HEADER)) {
            exchange.getResponseHeaders().add("Retry-After", "1");
            error(exchange, 503, "this flight moved between instances while the request was forwarded; retry shortly");
            return;
        }
        HttpResponse<String> answer = get(owner, exchange.getRequestURI().toString());
        if (answer == null) {
            exchange.getResponseHeaders().add("Retry-After", "1");
            error(exchange, 503, "the instance owning this flight (" + owner.host() + ":" + owner.port() + ") is unreachable");
            return;
        }
        exchange.getResponseHeaders().add("X-Flightdeck-Served-By", owner.host() + ":" + owner.port());
        send(exchange, answer.statusCode(), "application/json", answer.body().getBytes(StandardCharsets.UTF_8));
    }

    /** GET on another instance; tried twice, as a pooled connection the peer just closed fails once. */
    private HttpResponse<String> get(HostInfo host, String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
                .header(FORWARDED_HEADER, "true").timeout(Duration.ofSeconds(10)).build();
        for (int attempt = 1; ; attempt++) {
            try {
                return forwarder.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt == 2) {
                    log.warn("forwarding to {}:{} failed: {}", host.host(), host.port(), e.toString());
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private static Map<String, String> params(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, name.equals("origin") || name.equals("destination") ? value.toUpperCase(Locale.ROOT) : value);
        }
        return params;
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        json(exchange, status, new ErrorJson(status, message));
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", AvailabilityJson.MAPPER.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
