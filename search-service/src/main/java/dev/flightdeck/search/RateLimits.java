package dev.flightdeck.search;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/** One token bucket per API key, all of the same size and rate. */
final class RateLimits {

    private final int burst;
    private final double perSecond;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    RateLimits(int burst, double perSecond, LongSupplier nanoTime) {
        this.burst = burst;
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
    }

    TokenBucket.Decision tryTake(String key) {
        return tryTake(key, null, null);
    }

    /** A request of {@code key}, whose own rate and burst (null: the defaults) size its bucket. */
    TokenBucket.Decision tryTake(String key, Double ownRate, Integer ownBurst) {
        long now = nanoTime.getAsLong();
        int size = limit(ownBurst);
        double rate = ownRate == null ? perSecond : ownRate;
        TokenBucket bucket = buckets.compute(key, (k, old) -> old != null && old.sameLimits(size, rate) ? old : new TokenBucket(size, rate, now));
        return bucket.tryTake(now);
    }

    int limit() {
        return burst;
    }

    int limit(Integer ownBurst) {
        return ownBurst == null ? burst : ownBurst;
    }
}
