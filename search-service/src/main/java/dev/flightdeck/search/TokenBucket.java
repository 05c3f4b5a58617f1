package dev.flightdeck.search;

/**
 * A token bucket: up to {@code capacity} requests at once, refilled at {@code ratePerSecond}. Time
 * comes from the caller in nanoseconds, so tests drive it without sleeping.
 */
final class TokenBucket {

    /** The bucket's answer to one request, with what the RateLimit headers report. */
    record Decision(boolean allowed, int remaining, long resetSeconds, long retryAfterSeconds) {
    }

    private final double capacity;
    private final double perNano;
    private double tokens;
    private long lastNanos;

    TokenBucket(int capacity, double ratePerSecond, long nowNanos) {
        this.capacity = capacity;
        this.perNano = ratePerSecond / 1e9;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    boolean sameLimits(int capacity, double ratePerSecond) {
        return this.capacity == capacity && Math.abs(this.perNano - ratePerSecond / 1e9) < 1e-18;
    }

    synchronized Decision tryTake(long nowNanos) {
        if (nowNanos > lastNanos) {
            tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) * perNano);
            lastNanos = nowNanos;
        }
        boolean allowed = tokens >= 1;
        if (allowed) {
            tokens -= 1;
        }
        long retryAfter = allowed ? 0 : seconds((1 - tokens) / perNano);
        long reset = seconds((capacity - tokens) / perNano);
        return new Decision(allowed, (int) Math.floor(tokens), reset, retryAfter);
    }

    /** Whole seconds, rounded up: a client told to wait 0 s while the bucket is empty would retry at once. */
    private static long seconds(double nanos) {
        return nanos <= 0 ? 0 : Math.max(1, (long) Math.ceil(nanos / 1e9));
    }
}
