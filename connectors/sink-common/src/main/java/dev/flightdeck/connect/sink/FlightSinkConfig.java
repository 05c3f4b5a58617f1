package dev.flightdeck.connect.sink;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * The options every flight-availability sink has: where the version is, and how transient
 * failures are retried. Each sink's config extends {@link #define} with its own.
 */
public abstract class FlightSinkConfig extends AbstractConfig {

    public static final String MODEL_GROUP = "Read model";
    public static final String RETRY_GROUP = "Retries";

    public static final String VERSION_FIELD_CONFIG = "version.field";
    private static final String VERSION_FIELD_DOC = "Field of the record value holding the version that guards every write: "
            + "a write whose version is not newer than the stored one is skipped. Tombstones carry it in the header "
            + "named by version.header.";
    private static final String VERSION_FIELD_DISPLAY = "Version field";

    public static final String VERSION_HEADER_CONFIG = "version.header";
    private static final String VERSION_HEADER_DOC = "Record header with the version as an 8-byte big-endian long; "
            + "required on tombstones, which have no value.";
    private static final String VERSION_HEADER_DISPLAY = "Version header";

    public static final String RETRY_MAX_ATTEMPTS_CONFIG = "retry.max.attempts";
    private static final String RETRY_MAX_ATTEMPTS_DOC = "Attempts of a batch on a transient failure (connection refused, "
            + "timeout, overload) before the task throws RetriableException, so Connect pauses and redelivers.";
    private static final String RETRY_MAX_ATTEMPTS_DISPLAY = "Attempts per batch";

    public static final String RETRY_BACKOFF_INITIAL_CONFIG = "retry.backoff.initial.ms";
    private static final String RETRY_BACKOFF_INITIAL_DOC = "Wait before the second attempt.";
    private static final String RETRY_BACKOFF_INITIAL_DISPLAY = "First backoff (ms)";

    public static final String RETRY_BACKOFF_MAX_CONFIG = "retry.backoff.max.ms";
    private static final String RETRY_BACKOFF_MAX_DOC = "Longest wait between attempts.";
    private static final String RETRY_BACKOFF_MAX_DISPLAY = "Longest backoff (ms)";

    public static final String RETRY_BACKOFF_FACTOR_CONFIG = "retry.backoff.factor";
    private static final String RETRY_BACKOFF_FACTOR_DOC = "Each wait is the previous one times this factor, "
            + "with full jitter (a random part of it), up to retry.backoff.max.ms.";
    private static final String RETRY_BACKOFF_FACTOR_DISPLAY = "Backoff factor";

    public static final String RETRY_BUDGET_CONFIG = "retry.budget.ms";
    private static final String RETRY_BUDGET_DOC = "Longest time a batch's attempts and waits may take before the task "
            + "throws RetriableException (a last attempt may add one request timeout). Keep it well below the sink "
            + "consumer's max.poll.interval.ms (300000 by default), or the group evicts the task mid-batch.";
    private static final String RETRY_BUDGET_DISPLAY = "Retry budget (ms)";

    /**
     * Adds the common options to a sink's definitions; its own read-model options take the
     * orders after {@code 2} in {@link #MODEL_GROUP}.
     */
    public static ConfigDef define(ConfigDef def) {
        return def
                .define(VERSION_FIELD_CONFIG, Type.STRING, "version", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        VERSION_FIELD_DOC, MODEL_GROUP, 1, Width.SHORT, VERSION_FIELD_DISPLAY)
                .define(VERSION_HEADER_CONFIG, Type.STRING, "flightdeck.version", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        VERSION_HEADER_DOC, MODEL_GROUP, 2, Width.MEDIUM, VERSION_HEADER_DISPLAY)
                .define(RETRY_MAX_ATTEMPTS_CONFIG, Type.INT, 8, Range.atLeast(1), Importance.LOW,
                        RETRY_MAX_ATTEMPTS_DOC, RETRY_GROUP, 1, Width.SHORT, RETRY_MAX_ATTEMPTS_DISPLAY)
                .define(RETRY_BACKOFF_INITIAL_CONFIG, Type.LONG, 100L, Range.atLeast(1), Importance.LOW,
                        RETRY_BACKOFF_INITIAL_DOC, RETRY_GROUP, 2, Width.SHORT, RETRY_BACKOFF_INITIAL_DISPLAY)
                .define(RETRY_BACKOFF_MAX_CONFIG, Type.LONG, 10_000L, Range.atLeast(1), Importance.LOW,
                        RETRY_BACKOFF_MAX_DOC, RETRY_GROUP, 3, Width.SHORT, RETRY_BACKOFF_MAX_DISPLAY)
                .define(RETRY_BACKOFF_FACTOR_CONFIG, Type.DOUBLE, 2.0, Range.atLeast(1.0), Importance.LOW,
                        RETRY_BACKOFF_FACTOR_DOC, RETRY_GROUP, 4, Width.SHORT, RETRY_BACKOFF_FACTOR_DISPLAY)
                .define(RETRY_BUDGET_CONFIG, Type.LONG, 60_000L, Range.atLeast(1), Importance.LOW,
                        RETRY_BUDGET_DOC, RETRY_GROUP, 5, Width.SHORT, RETRY_BUDGET_DISPLAY);
    }

    protected FlightSinkConfig(ConfigDef definition, Map<?, ?> originals) {
        super(definition, originals);
        String backoff = backoffProblem(getLong(RETRY_BACKOFF_INITIAL_CONFIG), getLong(RETRY_BACKOFF_MAX_CONFIG));
        if (backoff != null) {
            throw new ConfigException(backoff);
        }
    }

    /**
     * Why the backoff bounds cannot be used, or null when they can. Also called by
     * {@link FlightSinkConnector#validate}, which checks one key at a time otherwise.
     */
    static String backoffProblem(long initialMillis, long maxMillis) {
        if (maxMillis >= initialMillis) {
            return null;
        }
        return RETRY_BACKOFF_MAX_CONFIG + " (" + maxMillis + ") must be at least " + RETRY_BACKOFF_INITIAL_CONFIG
                + " (" + initialMillis + "): raise " + RETRY_BACKOFF_MAX_CONFIG + " or lower " + RETRY_BACKOFF_INITIAL_CONFIG;
    }

    FlightRecords flightRecords() {
        return new FlightRecords(getString(VERSION_FIELD_CONFIG), getString(VERSION_HEADER_CONFIG));
    }

    Retrier retrier() {
        return new Retrier(getInt(RETRY_MAX_ATTEMPTS_CONFIG), new Backoff(Duration.ofMillis(getLong(RETRY_BACKOFF_INITIAL_CONFIG)),
                Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_CONFIG)), getDouble(RETRY_BACKOFF_FACTOR_CONFIG)),
                Duration.ofMillis(getLong(RETRY_BUDGET_CONFIG)));
    }
}
