package dev.flightdeck.search;

import dev.flightdeck.http.HttpRequest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A flight search as asked: every filter optional, each checked and named when it is wrong.
 *
 * @param origins      airport codes of the departure place (a code, or every airport of a city)
 * @param destinations the same for the arrival place
 * @param from         first UTC departure day; {@code to} the last (inclusive)
 * @param cabin        F, J or Y; with {@code seats}, that cabin must have so many free
 * @param seats        free seats wanted (in {@code cabin}, else in some cabin)
 * @param maxFare      highest base fare
 * @param flightNumber a flight number or its beginning, upper case
 * @param after        where the previous page ended
 */
record FlightQuery(List<String> origins, List<String> destinations, LocalDate from, LocalDate to, String cabin, Integer seats,
                   BigDecimal maxFare, String flightNumber, Sort sort, boolean descending, int size, SearchAfterCursor after) {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 100;
    /** The longest date range one search may span: a year of departures is already more than anyone reads. */
    static final int MAX_DAYS = 366;

    /** The parameters this route understands, for the error a misspelt one gets. */
    static final Set<String> PARAMETERS = Set.of("from", "to", "date", "dateTo", "cabin", "seats", "maxFare", "flightNumber",
            "sort", "order", "size", "after");

    enum Sort {
        DEPARTURE("departureTime"), FARE("baseFare"), SEATS("availableSeats");

        final String field;

        Sort(String field) {
            this.field = field;
        }
    }

    static FlightQuery parse(HttpRequest request, AirportDirectory airports) {
        for (String name : request.parameters().keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new BadParameterException(name, "unknown parameter; this search takes " + String.join(", ", PARAMETERS.stream().sorted().toList()));
            }
        }
        List<String> origins = place(request, "from", airports);
        List<String> destinations = place(request, "to", airports);
        LocalDate from = date(request, "date").orElse(null);
        LocalDate to = date(request, "dateTo").orElse(from);
        if (to != null && from == null) {
            throw new BadParameterException("dateTo", "needs date, the first day of the range");
        }
        if (from != null && to.isBefore(from)) {
            throw new BadParameterException("dateTo", to + " is before date " + from);
        }
        if (from != null && to.toEpochDay() - from.toEpochDay() >= MAX_DAYS) {
            throw new BadParameterException("dateTo", "the range may span at most " + MAX_DAYS + " days");
        }
        String cabin = given(request, "cabin").map(c -> c.strip().toUpperCase(Locale.ROOT)).orElse(null);
        if (cabin != null && !Set.of("F", "J", "Y").contains(cabin)) {
            throw new BadParameterException("cabin", "'" + shorten(cabin) + "' is not a cabin; use F (first), J (business) or Y (economy)");
        }
        Integer seats = integer(request, "seats", 1, 999).orElse(null);
        BigDecimal maxFare = given(request, "maxFare").map(text -> {
            try {
                BigDecimal fare = new BigDecimal(text.strip());
                if (fare.signum() < 0) {
                    throw new BadParameterException("maxFare", "must not be negative");
                }
                return fare;
            } catch (NumberFormatException e) {
                throw new BadParameterException("maxFare", "'" + shorten(text) + "' is not a number");
            }
        }).orElse(null);
        String flightNumber = given(request, "flightNumber").map(n -> n.strip().toUpperCase(Locale.ROOT)).orElse(null);
        if (flightNumber != null && !flightNumber.matches("[A-Z0-9]{1,7}")) {
            throw new BadParameterException("flightNumber", "'" + shorten(flightNumber) + "' is not a flight number (letters and digits, at most 7)");
        }
        Sort sort = given(request, "sort").map(s -> {
            try {
                return Sort.valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadParameterException("sort", "'" + shorten(s) + "' is not a sort; use departure, fare or seats");
            }
        }).orElse(Sort.DEPARTURE);
        boolean descending = given(request, "order").map(o -> switch (o.strip().toLowerCase(Locale.ROOT)) {
            case "asc" -> false;
            case "desc" -> true;
            default -> throw new BadParameterException("order", "'" + shorten(o) + "' is not an order; use asc or desc");
        }).orElse(sort == Sort.SEATS);
        int size = integer(request, "size", 1, MAX_SIZE).orElse(DEFAULT_SIZE);
        SearchAfterCursor after = given(request, "after").map(c -> SearchAfterCursor.parse(c, sort, descending)).orElse(null);
        return new FlightQuery(origins, destinations, from, to, cabin, seats, maxFare, flightNumber, sort, descending, size, after);
    }

    private static List<String> place(HttpRequest request, String name, AirportDirectory airports) {
        Optional<String> value = request.parameter(name).map(String::strip).filter(v -> !v.isEmpty());
        if (value.isEmpty()) {
            return List.of();
        }
        if (value.get().length() > 60) {
            throw new BadParameterException(name, "at most 60 characters");
        }
        List<String> codes = airports.codesFor(value.get());
        if (codes.isEmpty()) {
            throw new BadParameterException(name, "no airport code or city '" + shorten(value.get()) + "' is known; try /api/airports?q=");
        }
        return codes;
    }

    private static Optional<LocalDate> date(HttpRequest request, String name) {
        return request.parameter(name).filter(v -> !v.isBlank()).map(v -> {
            try {
                return LocalDate.parse(v.strip());
            } catch (DateTimeParseException e) {
                throw new BadParameterException(name, "'" + shorten(v) + "' is not a date; use yyyy-MM-dd");
            }
        });
    }

    private static Optional<Integer> integer(HttpRequest request, String name, int min, int max) {
        return request.parameter(name).filter(v -> !v.isBlank()).map(v -> {
            int n;
            try {
                n = Integer.parseInt(v.strip());
            } catch (NumberFormatException e) {
                throw new BadParameterException(name, "'" + shorten(v) + "' is not a whole number");
            }
            if (n < min || n > max) {
                throw new BadParameterException(name, n + " is out of range " + min + ".." + max);
            }
            return n;
        });
    }

    /** A parameter's value; empty when absent or blank, as a form sends a field left empty. */
    private static Optional<String> given(HttpRequest request, String name) {
        return request.parameter(name).filter(v -> !v.isBlank());
    }

    /** Input echoed in an error, cut short: an error message is no place for a megabyte of query. */
    static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
