package dev.flightdeck.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bucket driven by explicit nanosecond instants; every decision compared whole. */
class TokenBucketTest {

    /** An arbitrary origin: nanoTime has no meaningful zero. */
    private static final long T0 = 5_000_000_000_000L;

    private static long at(Duration sinceT0) {
        return T0 + sinceT0.toNanos();
    }

    @Test
    void shouldAllowTheBurstThenRefuse() {
        TokenBucket bucket = new TokenBucket(2, 2.0, T0);

        assertThat(bucket.tryTake(T0)).isEqualTo(new TokenBucket.Decision(true, 1, 1, 0));
        assertThat(bucket.tryTake(T0)).isEqualTo(new TokenBucket.Decision(true, 0, 1, 0));
        assertThat(bucket.tryTake(T0)).isEqualTo(new TokenBucket.Decision(false, 0, 1, 1));
    }

    @Test
    void shouldRefillAtTheRate() {
        TokenBucket bucket = new TokenBucket(2, 2.0, T0);
        bucket.tryTake(T0);
        bucket.tryTake(T0);

        assertThat(bucket.tryTake(at(Duration.ofMillis(499))).allowed()).isFalse();
        assertThat(bucket.tryTake(at(Duration.ofMillis(501))).allowed()).isTrue();
        assertThat(bucket.tryTake(at(Duration.ofMillis(502))).allowed()).isFalse();
    }

    @Test
    void shouldNotRefillBeyondTheBurst() {
        TokenBucket bucket = new TokenBucket(2, 2.0, T0);
        long anHourLater = at(Duration.ofHours(1));

        assertThat(bucket.tryTake(anHourLater)).isEqualTo(new TokenBucket.Decision(true, 1, 1, 0));
        assertThat(bucket.tryTake(anHourLater)).isEqualTo(new TokenBucket.Decision(true, 0, 1, 0));
        assertThat(bucket.tryTake(anHourLater).allowed()).isFalse();
    }

    @Test
    void shouldCountRemainingDownWithEachRequest() {
        TokenBucket bucket = new TokenBucket(5, 1.0, T0);

        assertThat(bucket.tryTake(T0).remaining()).isEqualTo(4);
        assertThat(bucket.tryTake(T0).remaining()).isEqualTo(3);
        assertThat(bucket.tryTake(T0).remaining()).isEqualTo(2);
    }

    @Test
    void shouldTellRetryAfterAndResetForTheRate() {
        // One token every 2 s, three at most.
        TokenBucket bucket = new TokenBucket(3, 0.5, T0);
        bucket.tryTake(T0);
        bucket.tryTake(T0);
        bucket.tryTake(T0);

        assertThat(bucket.tryTake(T0)).isEqualTo(new TokenBucket.Decision(false, 0, 6, 2));
        assertThat(bucket.tryTake(at(Duration.ofSeconds(1)))).isEqualTo(new TokenBucket.Decision(false, 0, 5, 1));
    }

    @Test
    void shouldNeverTellToRetryInZeroSecondsWhenRefused() {
        TokenBucket bucket = new TokenBucket(1, 1000.0, T0);
        bucket.tryTake(T0);

        TokenBucket.Decision refused = bucket.tryTake(T0);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(refused.resetSeconds()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} per second")
    @ValueSource(doubles = {0.1, 0.3, 0.5, 1.0, 2.0, 3.0, 7.0, 1000.0})
    void shouldAllowARequestOnceRetryAfterHasPassed(double ratePerSecond) {
        TokenBucket bucket = new TokenBucket(1, ratePerSecond, T0);
        bucket.tryTake(T0);
        long retryAfter = bucket.tryTake(T0).retryAfterSeconds();

        assertThat(retryAfter).isEqualTo((long) Math.ceil(1 / ratePerSecond));
        assertThat(bucket.tryTake(at(Duration.ofSeconds(retryAfter))).allowed()).isTrue();
    }
}
