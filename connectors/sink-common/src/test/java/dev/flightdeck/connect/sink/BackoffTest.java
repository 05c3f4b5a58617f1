package dev.flightdeck.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 2.0);

    @Test
    void shouldGrowByTheFactorUpToTheLongestWait() {
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofMillis(1600));
        assertThat(backoff.ceiling(6)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.ceiling(60)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void shouldJitterWithinTheCeilingAndNotAlwaysWaitTheSame() {
        SplittableRandom random = new SplittableRandom(7);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 1000; i++) {
            long wait = backoff.delay(3, random).toMillis();
            assertThat(wait).isBetween(0L, 400L);
            min = Math.min(min, wait);
            max = Math.max(max, wait);
        }
        assertThat(max - min).isGreaterThan(300);
    }
}
