package dev.flightdeck.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A bucket per key on a fake clock. */
class RateLimitsTest {

    private static final String ALICE = "alice";
    private static final String BOB = "bob";

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final RateLimits limits = new RateLimits(2, 1.0, nanos::get);

    @Test
    void shouldAllowTheBurstThenRefuse() {
        assertThat(limits.tryTake(ALICE)).isEqualTo(new TokenBucket.Decision(true, 1, 1, 0));
        assertThat(limits.tryTake(ALICE)).isEqualTo(new TokenBucket.Decision(true, 0, 2, 0));
        assertThat(limits.tryTake(ALICE)).isEqualTo(new TokenBucket.Decision(false, 0, 2, 1));
    }

    @Test
    void shouldKeepASeparateBucketPerKey() {
        limits.tryTake(ALICE);
        limits.tryTake(ALICE);

        assertThat(limits.tryTake(ALICE).allowed()).isFalse();
        assertThat(limits.tryTake(BOB)).isEqualTo(new TokenBucket.Decision(true, 1, 1, 0));
    }

    @Test
    void shouldRefillFromTheClock() {
        limits.tryTake(ALICE);
        limits.tryTake(ALICE);
        assertThat(limits.tryTake(ALICE).allowed()).isFalse();

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThat(limits.tryTake(ALICE)).isEqualTo(new TokenBucket.Decision(true, 0, 2, 0));
    }

    @Test
    void shouldGiveAKeyFirstSeenLaterAFullBucket() {
        limits.tryTake(ALICE);
        nanos.addAndGet(Duration.ofMinutes(5).toNanos());

        assertThat(limits.tryTake(BOB).remaining()).isEqualTo(1);
    }

    @Test
    void shouldReportTheBurstAsTheLimit() {
        assertThat(limits.limit()).isEqualTo(2);
        assertThat(limits.limit(null)).isEqualTo(2);
        assertThat(limits.limit(7)).isEqualTo(7);
    }

    @Test
    void shouldSizeAKeysBucketByItsOwnLimit() {
        // Five at once, one more every four seconds.
        for (int i = 0; i < 5; i++) {
            assertThat(limits.tryTake(ALICE, 0.25, 5).allowed()).isTrue();
        }

        assertThat(limits.tryTake(ALICE, 0.25, 5)).isEqualTo(new TokenBucket.Decision(false, 0, 20, 4));
    }

    @Test
    void shouldUseTheDefaultForALimitAKeyDoesNotSet() {
        limits.tryTake(ALICE, null, 3);
        limits.tryTake(ALICE, null, 3);
        limits.tryTake(ALICE, null, 3);

        assertThat(limits.tryTake(ALICE, null, 3)).isEqualTo(new TokenBucket.Decision(false, 0, 3, 1));
    }

    @Test
    void shouldApplyAChangedLimitToTheNextRequest() {
        limits.tryTake(ALICE);
        limits.tryTake(ALICE);
        assertThat(limits.tryTake(ALICE).allowed()).isFalse();

        assertThat(limits.tryTake(ALICE, 1.0, 10)).isEqualTo(new TokenBucket.Decision(true, 9, 1, 0));
        assertThat(limits.tryTake(ALICE, 1.0, 10).remaining()).isEqualTo(8);
    }
}
