package dev.flightdeck.seats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TakenSeatsTest {

    @Test
    void shouldKeepSeatsInSeatMapOrder() {
        TakenSeats taken = TakenSeats.NONE.with("10A").with("2C").with("2A").with("1F");

        assertThat(taken.distinct()).containsExactly("1F", "2A", "2C", "10A");
    }

    @Test
    void shouldKeepASeatTakenUntilEveryClaimOnItIsReleased() {
        TakenSeats twice = TakenSeats.NONE.with("3C").with("3C");

        assertThat(twice.distinct()).containsExactly("3C");
        assertThat(twice.without("3C").contains("3C")).isTrue();
        assertThat(twice.without("3C").without("3C").contains("3C")).isFalse();
    }

    @Test
    void shouldIgnoreTheReleaseOfASeatNobodyClaimed() {
        TakenSeats taken = TakenSeats.NONE.with("4A");

        assertThat(taken.without("4B")).isSameAs(taken);
    }

    @Test
    void shouldSortSeatsGivenInAnyOrder() {
        assertThat(TakenSeats.of(List.of("12A", "3C", "3C"))).isEqualTo(TakenSeats.NONE.with("3C").with("12A").with("3C"));
    }
}
