package dev.flightdeck.database;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Paces all callers together to a fixed rate. Permit {@code k} is due at
 * {@code start + k / rate}, computed from {@code k} rather than by adding up intervals, so the
 * pace does not drift. A caller whose permit is already due goes at once, which lets the pace
 * catch up after a slow moment, but by at most {@code maxBacklog} worth of permits: after a
 * long stall the simulator resumes its rate instead of firing a burst.
 */
final class RateLimiter {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double permitsPerSecond;
    private final long maxBacklogNanos;
    private final LongSupplier nanoClock;
    private boolean started;
    private long origin;
    private long nextPermit;

    /**
     * @param permitsPerSecond the pace; 0 means no limit
     * @param nanoClock        a monotonic clock such as {@code System::nanoTime}
     */
    RateLimiter(double permitsPerSecond, Duration maxBacklog, LongSupplier nanoClock) {
        if (!(permitsPerSecond >= 0) || Double.isInfinite(permitsPerSecond)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0, not " + permitsPerSecond);
        }
        this.permitsPerSecond = permitsPerSecond;
        this.maxBacklogNanos = maxBacklog.toNanos();
        this.nanoClock = nanoClock;
    }

    static RateLimiter perSecond(double permitsPerSecond) {
        return new RateLimiter(permitsPerSecond, Duration.ofSeconds(1), System::nanoTime);
    }

    boolean unlimited() {
        return permitsPerSecond == 0;
    }

    /** Takes the next permit and returns the clock time at which it may be used: now or later. */
    synchronized long reserve() {
        long now = nanoClock.getAsLong();
        if (unlimited()) {
            return now;
        }
        if (!started) {
            started = true;
            origin = now;
        }
        long earliest = now - maxBacklogNanos;
        if (dueAt(nextPermit) < earliest) {
            nextPermit = (long) Math.ceil((earliest - origin) * permitsPerSecond / NANOS_PER_SECOND);
        }
        return dueAt(nextPermit++);
    }

    private long dueAt(long permit) {
        return origin + (long) (permit * NANOS_PER_SECOND / permitsPerSecond);
    }
}
