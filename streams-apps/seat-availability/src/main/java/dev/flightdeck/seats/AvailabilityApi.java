package dev.flightdeck.seats;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.flightdeck.http.HttpRequest;
import dev.flightdeck.http.HttpResponse;
import dev.flightdeck.http.RequestHandler;
import dev.flightdeck.seats.AvailabilityJson.ErrorJson;
import dev.flightdeck.seats.AvailabilityJson.FlightJson;
import dev.flightdeck.seats.AvailabilityJson.FlightListJson;
import dev.flightdeck.seats.AvailabilityJson.SeatPlanJson;
import dev.flightdeck.seats.AvailabilityQueries.Filter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The HTTP API: availability and seat plans of one flight, and a search by route and day. Any
 * instance answers any flight: a request for a flight another instance owns is passed to it once
 * (a passed-on request is never passed on again). A search asks every other instance for its part
 * at once, under one deadline, and answers 503 naming the instances that did not answer.
 *
 * <p>A search with a filter (origin, destination or date) answers every match, by departure time.
 * A search without one, or with {@code limit} or {@code cursor}, answers a page: at most
 * {@code limit} flights (default {@value #DEFAULT_PAGE}, at most {@value #MAX_PAGE}) in flight-id
 * order, and a {@code nextCursor} to pass as {@code cursor} for the next page while there is one.
 * Health and metrics are on the ops listener, not here.
 */
final class AvailabilityApi implements RequestHandler {

    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;

    private static final Pattern FLIGHT_PATH = Pattern.compile("^/flights/([^/]+)/(availability|seats)$");
    private static final Pattern AIRPORT = Pattern.compile("^[A-Z]{3}$");
    private static final int MAX_ECHO = 100;

    private final AvailabilityQueries queries;
    private final Peers peers;

    AvailabilityApi(AvailabilityQueries queries, Peers peers) {
        this.queries = queries;
        this.peers = peers;
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws JsonProcessingException {
        if (!"GET".equals(request.method())) {
            return error(405, request.method() + " is not supported; the API is read-only (GET)").withHeader("Allow", "GET");
        }
        try {
            if (request.path().equals("/flights")) {
                return search(request);
            }
            Matcher flight = FLIGHT_PATH.matcher(request.path());
            if (flight.matches()) {
                return oneFlight(request, flight.group(1), flight.group(2));
            }
            return error(404, "no endpoint " + echo(request.path()) + "; try /flights/{id}/availability, /flights/{id}/seats, "
                    + "/flights?origin=FRA&destination=LIS&date=2026-12-01 (health and metrics are on the ops listener)");
        } catch (InvalidStateStoreException e) {
            return unavailable("the state is not queryable right now (rebalancing or restoring); retry shortly");
        }
    }

    private HttpResponse oneFlight(HttpRequest request, String idText, String what) throws JsonProcessingException {
        long id;
        try {
            id = Long.parseLong(idText);
            if (id <= 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            return error(400, "flight id '" + echo(idText) + "' is not a positive number");
        }
        return switch (queries.ownerOf(id)) {
            case AvailabilityQueries.Owner.Elsewhere elsewhere -> forward(request, elsewhere.host());
            case AvailabilityQueries.Owner.Unknown unknown -> unavailable("no instance owns flight " + id + " right now (rebalancing); retry shortly");
            case AvailabilityQueries.Owner.Here here -> {
                Optional<KnownFlight> flight = queries.flight(id, here.partition());
                if (flight.isEmpty()) {
                    yield error(404, "flight " + id + " is not known (or its aircraft's seat map is not yet)");
                }
                if (what.equals("availability")) {
                    yield json(FlightJson.of(queries.availability(flight.get())));
                }
                String aircraftType = flight.get().state().flight().aircraftType();
                Optional<AircraftSeating> seating = queries.seating(aircraftType);
                yield seating.isEmpty() ? error(404, "no seat map for aircraft type " + aircraftType)
                        : json(SeatPlanJson.of(flight.get(), seating.get()));
            }
        };
    }

    private HttpResponse search(HttpRequest request) throws JsonProcessingException {
        String origin = request.parameter("origin").map(code -> code.toUpperCase(Locale.ROOT)).orElse(null);
        String destination = request.parameter("destination").map(code -> code.toUpperCase(Locale.ROOT)).orElse(null);
        for (String airport : new String[] {origin, destination}) {
            if (airport != null && !AIRPORT.matcher(airport).matches()) {
                return error(400, "'" + echo(airport) + "' is not an IATA airport code (three letters, e.g. FRA)");
            }
        }
        LocalDate date;
        try {
            date = request.parameter("date").map(LocalDate::parse).orElse(null);
        } catch (DateTimeParseException e) {
            return error(400, "date '" + echo(request.parameter("date").orElse("")) + "' is not a day like 2026-12-01");
        }
        Filter filter = new Filter(origin, destination, date);
        boolean local = request.hasParameter("local") || request.header(Peers.FORWARDED_HEADER).isPresent();
        if (!filter.isAny() && !request.hasParameter("limit") && !request.hasParameter("cursor")) {
            return everyMatch(request, filter, local);
        }
        int limit;
        try {
            limit = request.parameter("limit").map(Integer::parseInt).orElse(DEFAULT_PAGE);
            if (limit < 1 || limit > MAX_PAGE) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            return error(400, "limit '" + echo(request.parameter("limit").orElse("")) + "' is not a whole number from 1 to " + MAX_PAGE);
        }
        long after;
        try {
            after = request.parameter("cursor").map(SearchCursor::read).orElse(0L);
        } catch (IllegalArgumentException e) {
            return error(400, "cursor '" + echo(request.parameter("cursor").orElse("")) + "' is not one this API gave out; "
                    + "start again without a cursor");
        }
        return page(request, filter, after, limit, local);
    }

    /** A filtered search, unpaged: every match, by departure time. */
    private HttpResponse everyMatch(HttpRequest request, Filter filter, boolean local) throws JsonProcessingException {
        List<FlightJson> flights = new ArrayList<>(queries.search(filter).stream().map(FlightJson::of).toList());
        if (!local) {
            Peers.Gathered others = peers.askAll(queries.otherInstances(), peerSearch(filter, null, 0), request.requestId());
            if (!others.missing().isEmpty()) {
                return peersMissing(others);
            }
            for (String body : others.bodies().values()) {
                flights.addAll(AvailabilityJson.MAPPER.readValue(body, FlightListJson.class).flights());
            }
            flights.sort(Comparator.comparing(FlightJson::departureTime).thenComparingLong(FlightJson::flightId));
        }
        return json(FlightListJson.of(flights, null));
    }

    /** A page of the search, in flight-id order, merged from this instance's page and each peer's. */
    private HttpResponse page(HttpRequest request, Filter filter, long after, int limit, boolean local) throws JsonProcessingException {
        AvailabilityQueries.Page own = queries.page(filter, after, limit);
        List<FlightJson> flights = new ArrayList<>(own.flights().stream().map(FlightJson::of).toList());
        boolean more = own.more();
        if (!local) {
            Peers.Gathered others = peers.askAll(queries.otherInstances(), peerSearch(filter, limit, after), request.requestId());
            if (!others.missing().isEmpty()) {
                return peersMissing(others);
            }
            for (String body : others.bodies().values()) {
                FlightListJson part = AvailabilityJson.MAPPER.readValue(body, FlightListJson.class);
                flights.addAll(part.flights());
                more |= part.nextCursor() != null;
            }
            flights.sort(Comparator.comparingLong(FlightJson::flightId));
            if (flights.size() > limit) {
                flights = new ArrayList<>(flights.subList(0, limit));
                more = true;
            }
        }
        String next = more && !flights.isEmpty() ? SearchCursor.after(flights.getLast().flightId()) : null;
        return json(FlightListJson.of(flights, next));
    }

    /** The same search as a peer's part: its own flights only, the page asked for (if any). */
    private static String peerSearch(Filter filter, Integer limit, long after) {
        StringBuilder query = new StringBuilder("/flights?local=true");
        if (filter.origin() != null) {
            query.append("&origin=").append(filter.origin());
        }
        if (filter.destination() != null) {
            query.append("&destination=").append(filter.destination());
        }
        if (filter.date() != null) {
            query.append("&date=").append(filter.date());
        }
        if (limit != null) {
            query.append("&limit=").append(limit);
            if (after > 0) {
                query.append("&cursor=").append(URLEncoder.encode(SearchCursor.after(after), StandardCharsets.UTF_8));
            }
        }
        return query.toString();
    }

    private HttpResponse peersMissing(Peers.Gathered others) {
        return unavailable((others.missing().size() == 1 ? "instance " : "instances ") + String.join(", ", others.missing())
                + " did not answer " + (others.missing().size() == 1 ? "its" : "their") + " part of the search within "
                + peers.deadline().toMillis() + " ms; retry shortly");
    }

    private HttpResponse forward(HttpRequest request, HostInfo owner) {
        if (request.header(Peers.FORWARDED_HEADER).isPresent()) {
            return unavailable("this flight moved between instances while the request was passed on; retry shortly");
        }
        java.net.http.HttpResponse<String> answer = peers.ask(owner, request.target(), request.requestId());
        if (answer == null) {
            return unavailable("the instance owning this flight (" + Peers.address(owner) + ") did not answer within "
                    + peers.deadline().toMillis() + " ms; retry shortly");
        }
        return HttpResponse.json(answer.statusCode(), answer.body()).withHeader("X-Flightdeck-Served-By", Peers.address(owner));
    }

    private static HttpResponse unavailable(String message) {
        return error(503, message).withHeader("Retry-After", "1");
    }

    private static HttpResponse error(int status, String message) {
        try {
            return HttpResponse.json(status, AvailabilityJson.MAPPER.writeValueAsBytes(new ErrorJson(status, message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error message did not serialize", e);
        }
    }

    private static HttpResponse json(Object body) throws JsonProcessingException {
        return HttpResponse.json(200, AvailabilityJson.MAPPER.writeValueAsBytes(body));
    }

    /** Client input quoted in an error, cut short: a message is no place for a 8 KB path. */
    private static String echo(String text) {
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "…";
    }
}
