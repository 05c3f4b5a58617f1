package dev.flightdeck.ops.lagexporter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every included consumer group from its {@link GroupLagSource} on a thread of its own and
 * keeps the readings as meters, so that a scrape only formats what the last poll found:
 * <ul>
 *   <li>{@code flightdeck_consumer_group_lag_records{group}}: records behind (absent while the
 *       group has committed nothing);</li>
 *   <li>{@code flightdeck_consumer_group_members{group}};</li>
 *   <li>{@code flightdeck_consumer_group_state{group,state}}: 1 for the state the group is in;</li>
 *   <li>{@code flightdeck_lag_exporter_last_success_timestamp_seconds}: when a poll last read
 *       everything (0 until one has), {@code flightdeck_lag_exporter_failures_total} and
 *       {@code flightdeck_lag_exporter_poll_seconds}.</li>
 * </ul>
 * A group's series go with the group. A failed poll leaves the previous readings in place and the
 * last-success time where it was: the age of the values stays visible, and an alert on
 * {@code time() - flightdeck_lag_exporter_last_success_timestamp_seconds} fires.
 */
final class LagCollector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LagCollector.class);

    private final GroupLagSource source;
    private final Pattern include;
    private final Clock clock;
    private final MultiGauge lag;
    private final MultiGauge members;
    private final MultiGauge state;
    private final Counter failures;
    private final Timer pollTime;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "lag-exporter-poll");
        thread.setDaemon(true);
        return thread;
    });

    private volatile Instant lastSuccess;
    private volatile String lastProblem;
    private int failuresInARow;

    LagCollector(GroupLagSource source, Pattern include, MeterRegistry registry, Clock clock) {
        this.source = source;
        this.include = include;
        this.clock = clock;
        this.lag = MultiGauge.builder("flightdeck.consumer.group.lag.records")
                .description("Records between the group's committed offsets and the ends (last stable offsets) of the partitions it reads")
                .register(registry);
        this.members = MultiGauge.builder("flightdeck.consumer.group.members")
                .description("Consumers in the group; 0 when its app is down or its sink's task is dead").register(registry);
        this.state = MultiGauge.builder("flightdeck.consumer.group.state")
                .description("1 for the state the group is in (Stable, Empty, PreparingRebalance, ...)").register(registry);
        Gauge.builder("flightdeck.lag.exporter.last.success.timestamp.seconds", this, LagCollector::lastSuccessEpochSeconds)
                .description("When a poll last read every group (Unix time); 0 until one has").register(registry);
        this.failures = Counter.builder("flightdeck.lag.exporter.failures")
                .description("Polls that could not read the groups; the values shown are then those of the last success")
                .register(registry);
        this.pollTime = Timer.builder("flightdeck.lag.exporter.poll").description("Time a poll took, failed ones included")
                .register(registry);
    }

    /** Polls now and then every {@code interval} after the end of the previous poll, until closed. */
    void start(Duration interval) {
        poller.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One reading of every included group; on failure the meters keep the previous one. */
    void poll() {
        Timer.Sample started = Timer.start();
        try {
            List<String> wanted = source.groupIds().stream().filter(group -> include.matcher(group).matches()).toList();
            publish(source.read(wanted));
            succeeded(wanted.size());
        } catch (LagUnreadableException e) {
            failed(e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failed(e.toString(), e);
        } finally {
            started.stop(pollTime);
        }
    }

    private void publish(List<GroupReading> readings) {
        lag.register(readings.stream().filter(r -> r.lagRecords().isPresent())
                .map(r -> MultiGauge.Row.of(Tags.of("group", r.group()), r.lagRecords().getAsLong())).toList(), true);
        members.register(readings.stream().map(r -> MultiGauge.Row.of(Tags.of("group", r.group()), r.members())).toList(), true);
        state.register(readings.stream().map(r -> MultiGauge.Row.of(Tags.of("group", r.group(), "state", r.state()), 1)).toList(), true);
    }

    private void succeeded(int groups) {
        if (lastSuccess == null) {
            log.info("First poll read {} consumer group(s)", groups);
        } else if (failuresInARow > 0) {
            log.info("Consumer groups read again, after {} failed poll(s); {} group(s)", failuresInARow, groups);
        }
        failuresInARow = 0;
        lastProblem = null;
        lastSuccess = clock.instant();
    }

    private void failed(String problem, RuntimeException bug) {
        failures.increment();
        failuresInARow++;
        lastProblem = problem;
        String shown = lastSuccess == null ? "none read yet" : "/metrics keeps those read at " + lastSuccess;
        if (bug == null) {
            log.warn("Consumer groups not read ({}): {}", shown, problem);
        } else {
            log.warn("Consumer groups not read ({}): {}", shown, problem, bug);
        }
    }

    /** Empty once a poll has succeeded; until then why not (for /health/ready). */
    Optional<String> notReadyReason() {
        if (lastSuccess != null) {
            return Optional.empty();
        }
        String problem = lastProblem;
        return Optional.of(problem == null ? "the first poll of the consumer groups has not finished yet"
                : "no poll of the consumer groups has succeeded yet; the last one failed: " + problem);
    }

    /** When a poll last succeeded; empty before the first. */
    Optional<Instant> lastSuccess() {
        return Optional.ofNullable(lastSuccess);
    }

    /** Why the latest poll failed; empty when it succeeded. */
    Optional<String> lastProblem() {
        return Optional.ofNullable(lastProblem);
    }

    private double lastSuccessEpochSeconds() {
        Instant at = lastSuccess;
        return at == null ? 0 : at.toEpochMilli() / 1000.0;
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            if (!poller.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("The poll in progress did not stop within 10 s; closing the Kafka client under it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
