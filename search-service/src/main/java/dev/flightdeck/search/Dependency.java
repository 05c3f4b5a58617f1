package dev.flightdeck.search;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service the search service calls (Elasticsearch, Redis, seat-availability), behind the seed's
 * policy: an idempotent read is retried 5 times with exponential backoff from 10 ms to 50 ms,
 * factor 2, with jitter; a circuit breaker per dependency stops calling once most calls fail, so a
 * dead dependency costs a request nothing but the check. Each call's own timeout is the client's.
 */
final class Dependency {

    private static final Logger log = LoggerFactory.getLogger(Dependency.class);

    static final int RETRIES = 5;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(10);
    static final Duration MAX_BACKOFF = Duration.ofMillis(50);
    /** How long an open breaker refuses calls before it lets a few through to test the dependency. */
    static final Duration OPEN_FOR = Duration.ofSeconds(5);

    /** The dependency did not answer (or its breaker is open); the request may succeed after {@code retryAfterSeconds}. */
    static final class UnavailableException extends RuntimeException {
        private final String dependency;
        private final int retryAfterSeconds;

        UnavailableException(String dependency, int retryAfterSeconds, Throwable cause) {
            super(dependency + " is unavailable", cause);
            this.dependency = dependency;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        String dependency() {
            return dependency;
        }

        int retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private final String name;
    private final CircuitBreaker breaker;
    private final Retry retry;

    /**
     * @param transientFailure the failures worth retrying and counting against the breaker (an
     *                         outage, a timeout); others (a bad query) pass through untouched
     */
    Dependency(String name, Predicate<Throwable> transientFailure) {
        this.name = name;
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(20)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(OPEN_FOR)
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(transientFailure)
                .build());
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(RETRIES + 1)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(FIRST_BACKOFF, 2.0, 0.5, MAX_BACKOFF))
                .retryOnException(e -> !(e instanceof CallNotPermittedException) && transientFailure.test(e))
                .failAfterMaxAttempts(false)
                .build());
        breaker.getEventPublisher().onStateTransition(event -> log.warn("{} circuit breaker: {}", name,
                event.getStateTransition()));
    }

    String name() {
        return name;
    }

    CircuitBreaker.State state() {
        return breaker.getState();
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    Retry retry() {
        return retry;
    }

    /** The call's answer, or {@link UnavailableException} once retries are spent or the breaker is open. */
    <T> T call(Callable<T> call) {
        Callable<T> guarded = Retry.decorateCallable(retry, CircuitBreaker.decorateCallable(breaker, call));
        try {
            return guarded.call();
        } catch (CallNotPermittedException e) {
            throw new UnavailableException(name, (int) OPEN_FOR.toSeconds(), e);
        } catch (RuntimeException e) {
            if (breaker.getCircuitBreakerConfig().getRecordExceptionPredicate().test(e)) {
                throw new UnavailableException(name, 1, e);
            }
            throw e;
        } catch (Exception e) {
            throw new UnavailableException(name, 1, e);
        }
    }
}
