package dev.flightdeck.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flightdeck.http.HttpResponse;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Query parameters as the server decodes them, against a directory of five airports. */
class FlightQueryTest {

    private static final AirportDirectory.Airport FRANKFURT = new AirportDirectory.Airport("FRA", "Frankfurt am Main", "Frankfurt", "DE");
    private static final AirportDirectory.Airport MUNICH = new AirportDirectory.Airport("MUC", "Munich", "Munich", "DE");
    private static final AirportDirectory.Airport HEATHROW = new AirportDirectory.Airport("LHR", "London Heathrow", "London", "GB");
    private static final AirportDirectory.Airport GATWICK = new AirportDirectory.Airport("LGW", "London Gatwick", "London", "GB");
    private static final AirportDirectory.Airport GUARULHOS = new AirportDirectory.Airport("GRU", "São Paulo–Guarulhos", "São Paulo", "BR");
    private static final AirportDirectory AIRPORTS = AirportDirectory.of(List.of(FRANKFURT, MUNICH, HEATHROW, GATWICK, GUARULHOS));

    private static final LocalDate DECEMBER_1 = LocalDate.parse("2026-12-01");
    private static final LocalDate DECEMBER_3 = LocalDate.parse("2026-12-03");

    private static FlightQuery parse(String... nameValuePairs) {
        return FlightQuery.parse(TestRequests.get("/api/flights", nameValuePairs), AIRPORTS);
    }

    @Test
    void shouldDefaultToTwentyByDepartureAscending() {
        assertThat(parse()).isEqualTo(new FlightQuery(List.of(), List.of(), null, null, null, null, null, null,
                FlightQuery.Sort.DEPARTURE, false, 20, null));
    }

    @Test
    void shouldTakeEveryFilterGiven() {
        FlightQuery query = parse("from", "Frankfurt", "to", "london", "date", "2026-12-01", "dateTo", "2026-12-03", "cabin", "j",
                "seats", "2", "maxFare", "199.90", "flightNumber", "lh4", "sort", "fare", "order", "desc", "size", "50");

        assertThat(query).isEqualTo(new FlightQuery(List.of("FRA"), List.of("LGW", "LHR"), DECEMBER_1, DECEMBER_3, "J", 2,
                new BigDecimal("199.90"), "LH4", FlightQuery.Sort.FARE, true, 50, null));
    }

    @Test
    void shouldResolveACityToEachOfItsAirports() {
        assertThat(parse("from", "London").origins()).containsExactly("LGW", "LHR");
    }

    @Test
    void shouldResolveACityIgnoringAccentsAndCase() {
        assertThat(parse("to", "sao paulo").destinations()).containsExactly("GRU");
    }

    @Test
    void shouldTakeAnAirportCodeAsItself() {
        assertThat(parse("from", "FRA", "to", "lhr")).extracting(FlightQuery::origins, FlightQuery::destinations)
                .containsExactly(List.of("FRA"), List.of("LHR"));
    }

    @Test
    void shouldTakeAThreeLetterCodeTheDirectoryDoesNotHoldYetAsACode() {
        assertThat(parse("from", "zrh").origins()).containsExactly("ZRH");
    }

    @Test
    void shouldRefuseAnUnknownPlaceNamingTheParameter() {
        assertThatThrownBy(() -> parse("from", "Atlantis"))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("from: ")
                .hasMessageContaining("Atlantis");
        assertThatThrownBy(() -> parse("to", "Atlantis"))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("to: ");
    }

    @Test
    void shouldBeAnswered400NamingTheParameter() throws Exception {
        // Only the query is parsed before a 400: the search's dependencies are never reached.
        SearchApi api = new SearchApi(null, null, null, AIRPORTS, null, null, null, Clock.systemUTC());

        HttpResponse response = api.handle(TestRequests.get("/api/flights", "from", "Atlantis"));

        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(response.status()).isEqualTo(400);
        assertThat(body.path("status").asInt()).isEqualTo(400);
        assertThat(body.path("error").asText()).startsWith("from: ");
    }

    @Test
    void shouldTakeADateAloneAsOneDay() {
        assertThat(parse("date", "2026-12-01")).extracting(FlightQuery::from, FlightQuery::to).containsExactly(DECEMBER_1, DECEMBER_1);
    }

    @Test
    void shouldRefuseADateThatIsNotOne() {
        assertThatThrownBy(() -> parse("date", "2026-13-01"))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("date: ");
        assertThatThrownBy(() -> parse("date", "01.12.2026"))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("date: ");
    }

    @Test
    void shouldRefuseDateToBeforeDate() {
        assertThatThrownBy(() -> parse("date", "2026-12-03", "dateTo", "2026-12-01"))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("dateTo: ");
    }

    @Test
    void shouldRefuseDateToWithoutDate() {
        assertThatThrownBy(() -> parse("dateTo", "2026-12-03"))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("dateTo: ")
                .hasMessageContaining("date");
    }

    @Test
    void shouldAllowARangeOf366DaysAtMost() {
        assertThat(parse("date", "2026-12-01", "dateTo", DECEMBER_1.plusDays(365).toString()).to()).isEqualTo(DECEMBER_1.plusDays(365));
        assertThatThrownBy(() -> parse("date", "2026-12-01", "dateTo", DECEMBER_1.plusDays(366).toString()))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("dateTo: ");
    }

    @Test
    void shouldRefuseACabinThatIsNotFJOrY() {
        assertThatThrownBy(() -> parse("cabin", "Q"))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("cabin: ");
    }

    @Test
    void shouldRefuseSeatsOutOfRange() {
        assertThatThrownBy(() -> parse("seats", "0"))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("seats: ");
        assertThatThrownBy(() -> parse("seats", "1000"))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("seats: ");
    }

    @Test
    void shouldRefuseSeatsThatAreNotAWholeNumber() {
        assertThatThrownBy(() -> parse("seats", "two"))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("seats: ");
    }

    @Test
    void shouldRefuseAMaxFareThatIsNotANumber() {
        assertThatThrownBy(() -> parse("maxFare", "abc"))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("maxFare: ");
    }

    @Test
    void shouldRefuseANegativeMaxFare() {
        assertThatThrownBy(() -> parse("maxFare", "-1"))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("maxFare: ");
    }

    @Test
    void shouldRefuseAFlightNumberWithOtherCharacters() {
        assertThatThrownBy(() -> parse("flightNumber", "LH 400"))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("flightNumber: ");
    }

    @Test
    void shouldAllowAPageOfAHundredAtMost() {
        assertThat(parse("size", "100").size()).isEqualTo(100);
        assertThatThrownBy(() -> parse("size", "101"))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("size: ");
    }

    @Test
    void shouldRefuseAnUnknownSort() {
        assertThatThrownBy(() -> parse("sort", "price"))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("sort: ")
                .hasMessageContaining("departure, fare or seats");
    }

    @Test
    void shouldRefuseAnUnknownOrder() {
        assertThatThrownBy(() -> parse("order", "up"))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("order: ");
    }

    @Test
    void shouldRefuseAnUnknownParameterListingTheKnownOnes() {
        assertThatThrownBy(() -> parse("destination", "FRA"))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("destination: ")
                .hasMessageContaining("dateTo")
                .hasMessageContaining("maxFare");
    }

    @Test
    void shouldSortBySeatsDescendingByDefault() {
        assertThat(parse("sort", "seats")).extracting(FlightQuery::sort, FlightQuery::descending)
                .containsExactly(FlightQuery.Sort.SEATS, true);
        assertThat(parse("sort", "seats", "order", "asc").descending()).isFalse();
    }

    @Test
    void shouldTakeACursorOfTheSameSort() {
        SearchAfterCursor cursor = new SearchAfterCursor(FlightQuery.Sort.FARE, true, 199.0, 7L);

        assertThat(parse("sort", "fare", "order", "desc", "after", cursor.encode()).after()).isEqualTo(cursor);
    }

    @Test
    void shouldRefuseACursorOfAnotherSort() {
        String cursor = new SearchAfterCursor(FlightQuery.Sort.FARE, true, 199.0, 7L).encode();

        assertThatThrownBy(() -> parse("after", cursor))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("after: ");
    }

    @Test
    void shouldShortenEchoedInput() {
        assertThatThrownBy(() -> parse("cabin", "X".repeat(1000)))
                .isInstanceOf(BadParameterException.class)
                .hasMessageContaining("X".repeat(40) + "…")
                .hasMessageNotContaining("X".repeat(41));
    }
}
