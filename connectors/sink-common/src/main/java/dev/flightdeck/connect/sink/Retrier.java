package dev.flightdeck.connect.sink;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a write, retrying transient failures with exponential backoff and jitter; after the
 * last attempt, or when the next wait would end past the time budget, throws
 * {@link RetriableException}, so Connect pauses the task and redelivers the batch (nothing is
 * dropped). The budget keeps one {@code put()} well inside the consumer's
 * {@code max.poll.interval.ms}: past that, the group would evict the task and rebalance.
 * A failure that is not transient stops the task with the reason.
 */
final class Retrier {

    private static final Logger log = LoggerFactory.getLogger(Retrier.class);

    /** A write that may fail. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws Exception;
    }

    private final int attempts;
    private final Backoff backoff;
    private final Duration budget;
    private final LongSupplier nanoClock;

    public Retrier(int attempts, Backoff backoff, Duration budget) {
        this(attempts, backoff, budget, System::nanoTime);
    }

    Retrier(int attempts, Backoff backoff, Duration budget, LongSupplier nanoClock) {
        this.attempts = attempts;
        this.backoff = backoff;
        this.budget = budget;
        this.nanoClock = nanoClock;
    }

    public int attempts() {
        return attempts;
    }

    /**
     * @param what          for the log and exceptions, e.g. "Redis write of 500 flights"
     * @param isTransient   which failures pass by themselves (connection refused, 429, 5xx, timeouts)
     */
    public <T> T run(String what, Attempt<T> attempt, Predicate<Exception> isTransient) {
        long start = nanoClock.getAsLong();
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    throw new RetriableException(what + " was interrupted", e);
                }
                if (!isTransient.test(e)) {
                    throw e instanceof ConnectException connect ? connect : new ConnectException(what + " failed: " + e.getMessage(), e);
                }
                if (n >= attempts) {
                    throw new RetriableException(what + " failed " + attempts + " times, Connect will redeliver: " + e.getMessage(), e);
                }
                Duration wait = backoff.delay(n, ThreadLocalRandom.current());
                Duration spent = Duration.ofNanos(nanoClock.getAsLong() - start);
                if (spent.plus(wait).compareTo(budget) > 0) {
                    throw new RetriableException(what + " failed " + n + " times in " + spent.toMillis()
                            + " ms (retry budget " + budget.toMillis() + " ms), Connect will redeliver: " + e.getMessage(), e);
                }
                log.warn("{} failed (attempt {} of {}): {}; retrying in {} ms", what, n, attempts, e.getMessage(), wait.toMillis());
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new RetriableException("interrupted while backing off", interrupted);
                }
            }
        }
    }
}
