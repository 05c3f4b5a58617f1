package dev.flightdeck.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch._types.FieldValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SearchAfterCursorTest {

    private static final long DEPARTURE_MILLIS = Instant.parse("2026-12-01T07:30:00Z").toEpochMilli();
    private static final SearchAfterCursor BY_FARE = new SearchAfterCursor(FlightQuery.Sort.FARE, false, 129.5, 42L);
    private static final SearchAfterCursor BY_DEPARTURE = new SearchAfterCursor(FlightQuery.Sort.DEPARTURE, false, DEPARTURE_MILLIS, 43L);
    private static final SearchAfterCursor BY_SEATS_DESCENDING = new SearchAfterCursor(FlightQuery.Sort.SEATS, true, 17, 44L);

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadBackWhatItEncoded() {
        assertThat(SearchAfterCursor.parse(BY_FARE.encode(), FlightQuery.Sort.FARE, false)).isEqualTo(BY_FARE);
        assertThat(SearchAfterCursor.parse(BY_DEPARTURE.encode(), FlightQuery.Sort.DEPARTURE, false)).isEqualTo(BY_DEPARTURE);
        assertThat(SearchAfterCursor.parse(BY_SEATS_DESCENDING.encode(), FlightQuery.Sort.SEATS, true)).isEqualTo(BY_SEATS_DESCENDING);
    }

    @Test
    void shouldEncodeForAUrlWithoutEscaping() {
        assertThat(BY_DEPARTURE.encode()).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void shouldRefuseACursorOfAnotherSort() {
        assertThatThrownBy(() -> SearchAfterCursor.parse(BY_FARE.encode(), FlightQuery.Sort.DEPARTURE, false))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("after: ")
                .hasMessageContaining("another sort");
    }

    @Test
    void shouldRefuseACursorOfAnotherOrder() {
        assertThatThrownBy(() -> SearchAfterCursor.parse(BY_FARE.encode(), FlightQuery.Sort.FARE, true))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("after: ");
    }

    @Test
    void shouldRefuseGarbage() {
        assertThatThrownBy(() -> SearchAfterCursor.parse("not a cursor!", FlightQuery.Sort.FARE, false))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("after: ");
        assertThatThrownBy(() -> SearchAfterCursor.parse(base64("hello"), FlightQuery.Sort.FARE, false))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("after: ");
        assertThatThrownBy(() -> SearchAfterCursor.parse("", FlightQuery.Sort.FARE, false))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("after: ");
    }

    @Test
    void shouldRefuseJsonThatIsNotACursor() {
        assertThatThrownBy(() -> SearchAfterCursor.parse(base64("{\"s\":\"FARE\",\"d\":false}"), FlightQuery.Sort.FARE, false))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("after: ");
        assertThatThrownBy(() -> SearchAfterCursor.parse(base64("{\"s\":\"FARE\",\"v\":\"cheap\",\"id\":1}"), FlightQuery.Sort.FARE, false))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("after: ");
        assertThatThrownBy(() -> SearchAfterCursor.parse(base64("[1,2]"), FlightQuery.Sort.FARE, false))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("after: ");
    }

    @Test
    void shouldGiveSearchAfterTheSortValueThenTheFlightId() {
        assertThat(BY_FARE.searchAfter()).extracting(FieldValue::_kind).containsExactly(FieldValue.Kind.Double, FieldValue.Kind.Long);
        assertThat(BY_FARE.searchAfter().get(0).doubleValue()).isEqualTo(129.5);
        assertThat(BY_FARE.searchAfter().get(1).longValue()).isEqualTo(42L);
        assertThat(BY_DEPARTURE.searchAfter()).extracting(FieldValue::_kind).containsExactly(FieldValue.Kind.Long, FieldValue.Kind.Long);
        assertThat(BY_DEPARTURE.searchAfter().get(0).longValue()).isEqualTo(DEPARTURE_MILLIS);
    }
}
