package dev.flightdeck.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final long MS = 1_000_000;
    private final AtomicLong clock = new AtomicLong(5_000 * MS);

    private RateLimiter limiter(double rate) {
        return new RateLimiter(rate, Duration.ofSeconds(1), clock::get);
    }

    @Test
    void shouldSpacePermitsEvenlyFromTheFirstOne() {
        RateLimiter limiter = limiter(50);

        assertThat(LongStream.range(0, 5).map(i -> limiter.reserve() - 5_000 * MS).toArray())
                .containsExactly(0L, 20 * MS, 40 * MS, 60 * MS, 80 * MS);
    }

    @Test
    void shouldNotDriftOverAMillionPermitsAtAnAwkwardRate() {
        RateLimiter limiter = limiter(3);
        long start = clock.get();
        long last = 0;
        for (int i = 0; i < 3_000_001; i++) {
            last = limiter.reserve();
            clock.set(last);
        }
        // Permit 3,000,000 at 3/s is due exactly 1,000,000 s after the first.
        assertThat(last - start).isEqualTo(1_000_000_000_000_000L);
    }

    @Test
    void shouldLetCallersCatchUpAfterAShortStall() {
        RateLimiter limiter = limiter(10);
        long start = limiter.reserve();
        clock.addAndGet(500 * MS);

        assertThat(LongStream.range(0, 6).map(i -> limiter.reserve() - start).toArray())
                .containsExactly(100 * MS, 200 * MS, 300 * MS, 400 * MS, 500 * MS, 600 * MS);
    }

    @Test
    void shouldCatchUpAtMostOneSecondAfterALongStall() {
        RateLimiter limiter = limiter(10);
        long start = limiter.reserve();
        clock.addAndGet(60_000 * MS);
        long now = clock.get();

        long[] due = LongStream.range(0, 12).map(i -> limiter.reserve()).toArray();

        assertThat(LongStream.of(due).filter(time -> time <= now).count()).isEqualTo(11);
        assertThat(due[0]).isEqualTo(now - 1_000 * MS);
        assertThat(due[11] - due[10]).isEqualTo(100 * MS);
        assertThat((due[0] - start) % (100 * MS)).isZero();
    }

    @Test
    void shouldNotHoldCallersBackWhenUnlimited() {
        RateLimiter limiter = limiter(0);

        assertThat(limiter.unlimited()).isTrue();
        assertThat(LongStream.range(0, 1_000).map(i -> limiter.reserve()).toArray()).containsOnly(clock.get());
    }

    @Test
    void shouldRejectANegativeRate() {
        assertThatThrownBy(() -> limiter(-1)).hasMessageContaining("rate must be a finite number >= 0");
    }
}
