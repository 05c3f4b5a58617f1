package dev.flightdeck.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadReplacementsTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final RuntimeException DIES = new IllegalStateException("a record that kills its thread every time");

    private Instant now = T0;
    private final InstantSource clock = () -> now;

    @Test
    void shouldReplaceUpToTheBudgetThenShutTheClientDown() {
        ThreadReplacements handler = new ThreadReplacements(3, Duration.ofMinutes(5), clock);

        assertThat(deathsAtSecondIntervals(handler, 4)).containsExactly(StreamThreadExceptionResponse.REPLACE_THREAD,
                StreamThreadExceptionResponse.REPLACE_THREAD, StreamThreadExceptionResponse.REPLACE_THREAD,
                StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void shouldForgetReplacementsOlderThanTheWindow() {
        ThreadReplacements handler = new ThreadReplacements(2, Duration.ofMinutes(5), clock);
        deathsAtSecondIntervals(handler, 2); // at T0 and T0 + 1 s

        now = T0.plus(Duration.ofMinutes(5)).plusMillis(500); // the first has left the window, the second not

        assertThat(handler.handle(DIES)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(handler.handle(DIES)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void shouldNeverReplaceWithABudgetOfZero() {
        assertThat(new ThreadReplacements(0, Duration.ofMinutes(5), clock).handle(DIES))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    private List<StreamThreadExceptionResponse> deathsAtSecondIntervals(ThreadReplacements handler, int deaths) {
        List<StreamThreadExceptionResponse> responses = new ArrayList<>();
        for (int i = 0; i < deaths; i++) {
            responses.add(handler.handle(DIES));
            now = now.plusSeconds(1);
        }
        return responses;
    }
}
