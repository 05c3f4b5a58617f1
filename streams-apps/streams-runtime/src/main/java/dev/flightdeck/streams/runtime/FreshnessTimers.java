package dev.flightdeck.streams.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Timers of "how long after its MySQL commit did a change reach this stage", published as
 * Prometheus histograms with the same buckets at every stage (the sinks use them too), so the
 * dashboards and the freshness alert can put the stages side by side.
 */
public final class FreshnessTimers {

    private static final Duration[] BUCKETS = {Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private FreshnessTimers() {
    }

    public static Timer register(MeterRegistry meters, String name, String description, String... tags) {
        return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(BUCKETS)
                .minimumExpectedValue(BUCKETS[0]).maximumExpectedValue(BUCKETS[BUCKETS.length - 1]).register(meters);
    }
}
