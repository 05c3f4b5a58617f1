package dev.flightdeck.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Aircraft seat layouts (cabin, row, letter of every seat, from the CDC {@code seat_map} table) as
 * seat-availability serves them with a flight's seats. Layouts are kept per aircraft type for a
 * minute: they change with a new seat map, rarely, while seat maps are polled every second.
 */
final class SeatLayouts {

    static final Duration KEEP = Duration.ofMinutes(1);

    /** One seat of a layout; {@code takenThere} is whether seat-availability saw it taken. */
    record Seat(String seat, String cabin, int row, String letter, boolean takenThere) {
    }

    /** A flight's layout as seat-availability answered it. */
    record FlightSeats(String aircraftType, long version, List<Seat> seats) {
    }

    /** Seat-availability does not know the flight (or its aircraft's seat map). */
    static final class UnknownFlightException extends RuntimeException {
        UnknownFlightException(long flightId) {
            super("flight " + flightId + " is not known (or its aircraft's seat map is not yet)");
        }
    }

    private record Cached(List<Seat> seats, long atNanos) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String baseUrl;
    private final Duration timeout;
    private final Map<String, Cached> byAircraftType = new ConcurrentHashMap<>();

    SeatLayouts(String baseUrl, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.baseUrl = baseUrl;
        this.timeout = timeout;
    }

    /** The layout of {@code aircraftType} if one was fetched within {@link #KEEP}. */
    List<Seat> cached(String aircraftType) {
        Cached cached = aircraftType == null ? null : byAircraftType.get(aircraftType);
        return cached == null || System.nanoTime() - cached.atNanos() > KEEP.toNanos() ? null : cached.seats();
    }

    /** The flight's seats from seat-availability, its layout kept for later. */
    FlightSeats fetch(long flightId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/flights/" + flightId + "/seats")).timeout(timeout).GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            throw new UnknownFlightException(flightId);
        }
        if (response.statusCode() != 200) {
            throw new IOException("seat-availability answered " + response.statusCode() + " for flight " + flightId);
        }
        JsonNode body = JSON.readTree(response.body());
        List<Seat> seats = new ArrayList<>();
        for (JsonNode seat : body.path("seats")) {
            String cabin = seat.path("cabin").isNull() ? null : seat.path("cabin").asText(null);
            if (cabin == null) {
                continue; // taken but not on the aircraft (after a swap to a smaller type): no place on the map
            }
            String number = seat.path("seat").asText();
            seats.add(new Seat(number, cabin, row(number), letter(number), seat.path("taken").asBoolean()));
        }
        String aircraftType = body.path("aircraftType").asText(null);
        if (aircraftType != null) {
            byAircraftType.put(aircraftType, new Cached(List.copyOf(seats), System.nanoTime()));
        }
        return new FlightSeats(aircraftType, body.path("version").asLong(-1), seats);
    }

    /** Whether an answer of this kind means seat-availability is unreachable or failing, worth a retry. */
    static boolean isTransient(Throwable e) {
        return e instanceof IOException;
    }

    static int row(String seat) {
        int i = 0;
        while (i < seat.length() && Character.isDigit(seat.charAt(i))) {
            i++;
        }
        return i == 0 ? 0 : Integer.parseInt(seat.substring(0, i));
    }

    static String letter(String seat) {
        int i = 0;
        while (i < seat.length() && Character.isDigit(seat.charAt(i))) {
            i++;
        }
        return seat.substring(i);
    }
}
