package dev.flightdeck.connect.sink;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;

/**
 * For a sink of ours outside the flight-availability family (one that cannot extend
 * {@link FlightSinkTask}, such as the Alertmanager sink): the same retry options, defined once in
 * {@link FlightSinkConfig}, the same retry loop ({@link Retrier} with its {@link Backoff}) and the
 * plugin version.
 */
public final class SinkRetryOptions {

    private SinkRetryOptions() {
    }

    /** Adds sink-common's retry options (the {@link FlightSinkConfig#RETRY_GROUP} group), defined once there, to a sink's definitions. */
    public static ConfigDef defineRetryOptions(ConfigDef def) {
        for (ConfigKey key : FlightSinkConfig.define(new ConfigDef()).configKeys().values()) {
            if (FlightSinkConfig.RETRY_GROUP.equals(key.group)) {
                def.define(key);
            }
        }
        return def;
    }

    /** Why the backoff bounds cannot be used (naming both keys), or null when they can. */
    public static String backoffProblem(long initialMillis, long maxMillis) {
        return FlightSinkConfig.backoffProblem(initialMillis, maxMillis);
    }

    /** The retry loop a config with the retry options asks for. */
    public static RetryLoop retryLoop(AbstractConfig config) {
        Backoff backoff = new Backoff(Duration.ofMillis(config.getLong(FlightSinkConfig.RETRY_BACKOFF_INITIAL_CONFIG)),
                Duration.ofMillis(config.getLong(FlightSinkConfig.RETRY_BACKOFF_MAX_CONFIG)),
                config.getDouble(FlightSinkConfig.RETRY_BACKOFF_FACTOR_CONFIG));
        return new RetryLoop(new Retrier(config.getInt(FlightSinkConfig.RETRY_MAX_ATTEMPTS_CONFIG), backoff,
                Duration.ofMillis(config.getLong(FlightSinkConfig.RETRY_BUDGET_CONFIG))));
    }

    /** The version of the Flightdeck sinks, as the build wrote it. */
    public static String pluginVersion() {
        return PluginVersion.VERSION;
    }

    /** {@link Retrier}: retries transient failures with backoff, then throws {@code RetriableException} so Connect redelivers. */
    public static final class RetryLoop {

        private final Retrier retrier;

        private RetryLoop(Retrier retrier) {
            this.retrier = retrier;
        }

        /**
         * @param what        for the log and exceptions, e.g. "POST of 12 alerts to Alertmanager"
         * @param isTransient which failures pass by themselves
         */
        public <T> T run(String what, Callable<T> attempt, Predicate<Exception> isTransient) {
            return retrier.run(what, attempt::call, isTransient);
        }
    }
}
