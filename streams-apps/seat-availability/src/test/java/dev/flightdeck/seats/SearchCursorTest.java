package dev.flightdeck.seats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SearchCursorTest {

    @Test
    void shouldReadBackTheFlightIdItWasMadeFrom() {
        assertThat(SearchCursor.read(SearchCursor.after(4711))).isEqualTo(4711L);
        assertThat(SearchCursor.after(4711)).doesNotContain("4711").matches("[A-Za-z0-9_-]+");
    }

    @Test
    void shouldRefuseCursorsItDidNotMake() {
        for (String forged : new String[] {"", "%%%", "NDcxMQ", SearchCursor.after(1).substring(1), "YWZ0ZXI6LTE"}) {
            assertThatThrownBy(() -> SearchCursor.read(forged)).as(forged).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
