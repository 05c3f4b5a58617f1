package dev.flightdeck.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

class RetrierTest {

    private final Retrier retrier = new Retrier(4, new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), 2.0), Duration.ofMinutes(1));

    @Test
    void shouldRetryATransientFailureUntilItPasses() {
        AtomicInteger calls = new AtomicInteger();
        int result = retrier.run("write", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new ConnectException("Connection refused");
            }
            return 42;
        }, e -> e instanceof ConnectException);
        assertThat(result).isEqualTo(42);
        assertThat(calls).hasValue(3);
    }

    @Test
    void shouldAskConnectToRedeliverAfterTheLastAttempt() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier.run("Redis write of 3 flights", () -> {
            calls.incrementAndGet();
            throw new ConnectException("Connection refused");
        }, e -> true))
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("Redis write of 3 flights failed 4 times").hasMessageContaining("Connection refused");
        assertThat(calls).hasValue(4);
    }

    @Test
    void shouldStopAtOnceOnAFailureThatIsNotTransient() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier.run("bulk", () -> {
            calls.incrementAndGet();
            throw new IOException("mapper_parsing_exception");
        }, e -> false))
                .isInstanceOf(org.apache.kafka.connect.errors.ConnectException.class)
                .isNotInstanceOf(RetriableException.class)
                .hasMessageContaining("bulk failed: mapper_parsing_exception");
        assertThat(calls).hasValue(1);
    }

    @Test
    void shouldGiveUpWhenTheNextWaitWouldOverrunTheBudget() {
        AtomicLong now = new AtomicLong();
        Retrier slow = new Retrier(100, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0), Duration.ofSeconds(10),
                now::get);
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> slow.run("bulk of 500 flights", () -> {
            calls.incrementAndGet();
            now.addAndGet(Duration.ofSeconds(4).toNanos()); // each attempt runs into a 4 s request timeout
            throw new ConnectException("Read timed out");
        }, e -> true))
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("bulk of 500 flights failed 3 times in 12000 ms (retry budget 10000 ms)");
        assertThat(calls).hasValue(3);
    }
}
