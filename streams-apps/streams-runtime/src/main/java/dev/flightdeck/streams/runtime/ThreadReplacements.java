package dev.flightdeck.streams.runtime;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread dies of an uncaught exception: it is replaced (its tasks
 * resume from their last commit) while fewer than {@code max} replacements happened within
 * {@code window}; beyond that the client shuts down, so that a failure that recurs on every
 * attempt ends the process (exit status 1) instead of looping for ever.
 */
public final class ThreadReplacements implements StreamsUncaughtExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ThreadReplacements.class);

    private final int max;
    private final Duration window;
    private final InstantSource clock;
    private final Deque<Instant> recent = new ArrayDeque<>();

    public ThreadReplacements(int max, Duration window) {
        this(max, window, InstantSource.system());
    }

    ThreadReplacements(int max, Duration window, InstantSource clock) {
        if (max < 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("thread replacements: " + max + " within " + window + " is out of range");
        }
        this.max = max;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        Instant now = clock.instant();
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(window))) {
            recent.removeFirst();
        }
        if (recent.size() < max) {
            recent.addLast(now);
            log.error("a stream thread died; replacing it ({} of {} replacements within {}), its tasks resume from the last commit: {}",
                    recent.size(), max, window, exception.toString());
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        log.error("a stream thread died after {} replacements within {}; shutting Kafka Streams down: {}", max, window,
                exception.toString(), exception);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
}
