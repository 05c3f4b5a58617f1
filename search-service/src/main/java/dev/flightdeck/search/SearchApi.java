package dev.flightdeck.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flightdeck.http.HttpRequest;
import dev.flightdeck.http.HttpResponse;
import dev.flightdeck.http.RequestHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search API's routes (each documented in /openapi.json under the same template): flight
 * search from Elasticsearch with live counts from Redis, airport autocomplete, seat maps. Calls go
 * through each {@link Dependency}'s retries and breaker; what a dependency being down costs is
 * decided here: Redis down → Elasticsearch's counts, marked as such; Elasticsearch down → 503 for
 * search while seat maps, which never touch it, go on.
 */
final class SearchApi implements RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(SearchApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final Route FLIGHTS = Route.of("/api/flights");
    static final Route SEAT_MAP = Route.of("/api/flights/{flightId}/seatmap");
    static final Route AIRPORTS = Route.of("/api/airports");
    /** Every route, as documented. */
    static final List<Route> ROUTES = List.of(FLIGHTS, SEAT_MAP, AIRPORTS);

    static final int MAX_AIRPORTS = 20;

    private final FlightSearch search;
    private final LiveSeats live;
    private final SeatLayouts layouts;
    private final AirportDirectory airports;
    private final Dependency elasticsearch;
    private final Dependency redis;
    private final Dependency seatAvailability;
    private final Clock clock;

    SearchApi(FlightSearch search, LiveSeats live, SeatLayouts layouts, AirportDirectory airports, Dependency elasticsearch,
              Dependency redis, Dependency seatAvailability, Clock clock) {
        this.search = search;
        this.live = live;
        this.layouts = layouts;
        this.airports = airports;
        this.elasticsearch = elasticsearch;
        this.redis = redis;
        this.seatAvailability = seatAvailability;
        this.clock = clock;
    }

    /** The route template a path belongs to, or null: for metrics, whose tags must not hold flight ids. */
    static String routeOf(String path) {
        for (Route route : ROUTES) {
            if (route.match(path) != null) {
                return route.template();
            }
        }
        return null;
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return HttpResponse.error(405, request.method() + " is not supported; the API answers GET").withHeader("Allow", "GET, HEAD");
        }
        try {
            if (FLIGHTS.match(request.path()) != null) {
                return flights(request);
            }
            if (AIRPORTS.match(request.path()) != null) {
                return airports(request);
            }
            List<String> seatMap = SEAT_MAP.match(request.path());
            if (seatMap != null) {
                return seatMap(request, seatMap.getFirst());
            }
        } catch (BadParameterException e) {
            return HttpResponse.error(400, e.getMessage());
        } catch (Dependency.UnavailableException e) {
            log.warn("{} {}: {} unavailable: {}", request.requestId(), request.path(), e.dependency(), rootMessage(e));
            return HttpResponse.unavailable(e.dependency() + " is unavailable; try again shortly", e.retryAfterSeconds());
        }
        return HttpResponse.error(404, "no route " + FlightQuery.shorten(request.path()) + "; the API has "
                + String.join(", ", ROUTES.stream().map(Route::template).toList()) + " (see /openapi.json)");
    }

    private HttpResponse flights(HttpRequest request) {
        FlightQuery query = FlightQuery.parse(request, airports);
        FlightSearch.Page page = elasticsearch.call(() -> search.search(query));
        List<Long> ids = page.flights().stream().map(FlightHit::flightId).toList();
        Map<Long, LiveSeats.Counts> counts;
        String source;
        try {
            counts = ids.isEmpty() ? Map.of() : redis.call(() -> live.counts(ids));
            source = "redis";
        } catch (Dependency.UnavailableException e) {
            log.warn("{} seat counts from Elasticsearch: Redis unavailable: {}", request.requestId(), rootMessage(e));
            counts = Map.of();
            source = "elasticsearch";
        }
        Instant now = clock.instant();
        ObjectNode body = JSON.createObjectNode();
        body.put("total", page.total());
        ArrayNode flights = body.putArray("flights");
        for (FlightHit hit : page.flights()) {
            flights.add(flight(hit, counts.get(hit.flightId()), now));
        }
        body.put("next", page.next() == null ? null : page.next().encode());
        if (page.facets() != null) {
            body.set("facets", facets(page.facets()));
        }
        body.put("seatsSource", source);
        return HttpResponse.json(200, body.toString());
    }

    /** One result: the indexed flight, its counts replaced by Redis's when Redis holds the same version or a newer one. */
    private ObjectNode flight(FlightHit hit, LiveSeats.Counts counts, Instant now) {
        ObjectNode node = JSON.createObjectNode();
        node.put("flightId", hit.flightId());
        node.put("flightNumber", hit.flightNumber());
        node.put("origin", hit.origin());
        node.put("destination", hit.destination());
        airports.airport(hit.origin()).ifPresent(a -> node.put("originCity", a.city()));
        airports.airport(hit.destination()).ifPresent(a -> node.put("destinationCity", a.city()));
        node.put("departureTime", String.valueOf(hit.departureTime()));
        node.put("arrivalTime", String.valueOf(hit.arrivalTime()));
        node.put("aircraftType", hit.aircraftType());
        node.put("status", hit.status());
        node.put("baseFare", hit.baseFare());
        node.put("currency", hit.currency());
        boolean fromRedis = counts != null && counts.version() >= hit.version();
        ArrayNode cabins = node.putArray("cabins");
        int total = 0;
        for (FlightHit.Cabin cabin : hit.cabins() == null ? List.<FlightHit.Cabin>of() : hit.cabins()) {
            int capacity = cabin.capacity();
            int available = cabin.available();
            if (fromRedis && counts.capacityAndAvailable().containsKey(cabin.cabin())) {
                int[] live = counts.capacityAndAvailable().get(cabin.cabin());
                capacity = live[0];
                available = live[1];
            }
            total += Math.max(0, available);
            cabins.addObject().put("cabin", cabin.cabin()).put("capacity", capacity).put("available", available);
        }
        node.put("availableSeats", total);
        Instant asOf = fromRedis ? counts.sourceTimestamp() : hit.sourceTimestamp();
        node.set("seats", freshness(fromRedis ? "redis" : "elasticsearch", fromRedis ? counts.version() : hit.version(), asOf, now));
        return node;
    }

    private static ObjectNode freshness(String source, long version, Instant asOf, Instant now) {
        ObjectNode node = JSON.createObjectNode();
        node.put("source", source);
        node.put("version", version);
        node.put("asOf", asOf == null ? null : asOf.toString());
        if (asOf == null) {
            node.putNull("ageMillis");
        } else {
            node.put("ageMillis", Math.max(0, Duration.between(asOf, now).toMillis()));
        }
        return node;
    }

    private static ObjectNode facets(FlightSearch.Facets facets) {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode hours = node.putArray("departureHour");
        facets.departureHour().forEach((hour, count) -> hours.addObject().put("hour", hour).put("count", count));
        ArrayNode fares = node.putArray("fare");
        for (FlightSearch.FareRange range : facets.fare()) {
            ObjectNode fare = fares.addObject().put("from", range.from());
            if (range.to() == null) {
                fare.putNull("to");
            } else {
                fare.put("to", range.to());
            }
            fare.put("count", range.count());
        }
        ObjectNode free = node.putObject("freeSeats");
        facets.freeSeats().forEach(free::put);
        return node;
    }

    private HttpResponse airports(HttpRequest request) {
        for (String name : request.parameters().keySet()) {
            if (!name.equals("q") && !name.equals("limit")) {
                throw new BadParameterException(name, "unknown parameter; airports take q and limit");
            }
        }
        String q = request.parameter("q").orElseThrow(() -> new BadParameterException("q", "required: the beginning of a code, city or name"));
        if (q.length() > 60) {
            throw new BadParameterException("q", "at most 60 characters");
        }
        int limit = 8;
        if (request.parameter("limit").isPresent()) {
            try {
                limit = Integer.parseInt(request.parameter("limit").get().strip());
            } catch (NumberFormatException e) {
                throw new BadParameterException("limit", "not a whole number");
            }
            if (limit < 1 || limit > MAX_AIRPORTS) {
                throw new BadParameterException("limit", limit + " is out of range 1.." + MAX_AIRPORTS);
            }
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("airports");
        for (AirportDirectory.Airport airport : airports.complete(q, limit)) {
            list.addObject().put("code", airport.code()).put("name", airport.name()).put("city", airport.city())
                    .put("country", airport.country());
        }
        return HttpResponse.json(200, body.toString());
    }

    private HttpResponse seatMap(HttpRequest request, String idText) {
        long flightId;
        try {
            flightId = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            flightId = -1;
        }
        if (flightId <= 0) {
            throw new BadParameterException("flightId", "'" + FlightQuery.shorten(idText) + "' is not a flight id (a positive number)");
        }
        final long id = flightId;
        LiveSeats.Flight flight = null;
        boolean redisDown = false;
        try {
            flight = redis.call(() -> live.flight(id));
        } catch (Dependency.UnavailableException e) {
            log.warn("{} seat map of flight {} from seat-availability: Redis unavailable: {}", request.requestId(), id, rootMessage(e));
            redisDown = true;
        }
        List<SeatLayouts.Seat> layout = flight == null ? null : layouts.cached(flight.fields().get("aircraftType"));
        SeatLayouts.FlightSeats fetched = null;
        if (layout == null) {
            try {
                fetched = seatAvailability.call(() -> layouts.fetch(id));
            } catch (SeatLayouts.UnknownFlightException e) {
                return HttpResponse.error(404, e.getMessage());
            }
            layout = fetched.seats();
        }
        Set<String> taken = new HashSet<>();
        String source;
        long version;
        Instant asOf;
        if (flight != null) {
            taken.addAll(flight.takenSeats());
            source = "redis";
            version = flight.version();
            asOf = flight.sourceTimestamp();
        } else {
            fetched.seats().stream().filter(SeatLayouts.Seat::takenThere).forEach(s -> taken.add(s.seat()));
            source = "seat-availability";
            version = fetched.version();
            asOf = null;
        }
        String etag = "\"" + source + "-" + version + "\"";
        if (request.header("If-None-Match").map(etag::equals).orElse(false)) {
            return new HttpResponse(304, HttpResponse.JSON, new byte[0], Map.of("ETag", etag, "Cache-Control", "no-cache"));
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("flightId", id);
        Map<String, String> fields = flight == null ? Map.of() : flight.fields();
        body.put("flightNumber", fields.get("flightNumber"));
        body.put("aircraftType", flight != null ? fields.get("aircraftType") : fetched.aircraftType());
        body.put("origin", fields.get("origin"));
        body.put("destination", fields.get("destination"));
        body.put("departureTime", fields.get("departureTime"));
        Map<String, Map<Integer, List<SeatLayouts.Seat>>> byCabin = new LinkedHashMap<>();
        for (String cabin : FlightSearch.CABINS) {
            byCabin.put(cabin, new TreeMap<>());
        }
        for (SeatLayouts.Seat seat : layout) {
            byCabin.computeIfAbsent(seat.cabin(), c -> new TreeMap<>()).computeIfAbsent(seat.row(), r -> new ArrayList<>()).add(seat);
        }
        ArrayNode cabins = body.putArray("cabins");
        int takenOnMap = 0;
        int free = 0;
        for (Map.Entry<String, Map<Integer, List<SeatLayouts.Seat>>> cabin : byCabin.entrySet()) {
            if (cabin.getValue().isEmpty()) {
                continue;
            }
            ObjectNode cabinNode = cabins.addObject().put("cabin", cabin.getKey());
            ArrayNode letters = cabinNode.putArray("letters");
            cabin.getValue().values().stream().flatMap(List::stream).map(SeatLayouts.Seat::letter).distinct().sorted().forEach(letters::add);
            ArrayNode rows = cabinNode.putArray("rows");
            for (Map.Entry<Integer, List<SeatLayouts.Seat>> row : cabin.getValue().entrySet()) {
                ArrayNode seats = rows.addObject().put("row", row.getKey()).putArray("seats");
                for (SeatLayouts.Seat seat : row.getValue().stream().sorted((a, b) -> a.letter().compareTo(b.letter())).toList()) {
                    boolean isTaken = taken.contains(seat.seat());
                    seats.addObject().put("seat", seat.seat()).put("letter", seat.letter()).put("taken", isTaken);
                    if (isTaken) {
                        takenOnMap++;
                    } else {
                        free++;
                    }
                }
            }
        }
        body.put("taken", takenOnMap);
        body.put("free", free);
        body.set("seats", freshness(source, version, asOf, clock.instant()));
        if (redisDown) {
            body.put("note", "live seats are unavailable; taken seats are seat-availability's");
        }
        return HttpResponse.json(200, body.toString()).withHeader("ETag", etag).withHeader("Cache-Control", "no-cache");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
