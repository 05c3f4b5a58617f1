package dev.flightdeck.ops.lagexporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What a scrape shows after polls of groups set by the test. */
class LagCollectorTest {

    private static final Instant FIRST_POLL = Instant.parse("2026-03-02T09:00:00Z");

    private final ScriptedGroups kafka = new ScriptedGroups();
    private final StepClock clock = new StepClock(FIRST_POLL);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LagCollector collector = new LagCollector(kafka, Pattern.compile(".*"), registry, clock);

    @Test
    void shouldExportEachGroupsLagMembersAndState() {
        kafka.group("connect-redis-sink", "Stable", 1, 42)
                .group("seat-availability", "Stable", 2, 0);

        collector.poll();

        assertThat(groupLines()).containsExactly(
                "flightdeck_consumer_group_lag_records{group=\"connect-redis-sink\"} 42.0",
                "flightdeck_consumer_group_lag_records{group=\"seat-availability\"} 0.0",
                "flightdeck_consumer_group_members{group=\"connect-redis-sink\"} 1.0",
                "flightdeck_consumer_group_members{group=\"seat-availability\"} 2.0",
                "flightdeck_consumer_group_state{group=\"connect-redis-sink\",state=\"Stable\"} 1.0",
                "flightdeck_consumer_group_state{group=\"seat-availability\",state=\"Stable\"} 1.0");
    }

    @Test
    void shouldFollowTheLagAndStateOfAGroupFromPollToPoll() {
        kafka.group("connect-elasticsearch-sink", "Stable", 1, 10);
        collector.poll();

        kafka.group("connect-elasticsearch-sink", "Empty", 0, 25_000);
        clock.advance(Duration.ofSeconds(10));
        collector.poll();

        assertThat(groupLines()).containsExactly(
                "flightdeck_consumer_group_lag_records{group=\"connect-elasticsearch-sink\"} 25000.0",
                "flightdeck_consumer_group_members{group=\"connect-elasticsearch-sink\"} 0.0",
                "flightdeck_consumer_group_state{group=\"connect-elasticsearch-sink\",state=\"Empty\"} 1.0");
    }

    @Test
    void shouldDropEverySeriesOfAGroupThatIsGone() {
        kafka.group("connect-redis-sink", "Stable", 1, 3)
                .group("anomaly-detector", "Stable", 1, 7);
        collector.poll();

        kafka.remove("anomaly-detector");
        collector.poll();

        assertThat(groupLines()).containsExactly(
                "flightdeck_consumer_group_lag_records{group=\"connect-redis-sink\"} 3.0",
                "flightdeck_consumer_group_members{group=\"connect-redis-sink\"} 1.0",
                "flightdeck_consumer_group_state{group=\"connect-redis-sink\",state=\"Stable\"} 1.0");
    }

    @Test
    void shouldLeaveOutTheLagOfAGroupThatHasCommittedNothing() {
        kafka.groupWithoutOffsets("seat-availability", "PreparingRebalance", 1);

        collector.poll();

        assertThat(groupLines()).containsExactly(
                "flightdeck_consumer_group_members{group=\"seat-availability\"} 1.0",
                "flightdeck_consumer_group_state{group=\"seat-availability\",state=\"PreparingRebalance\"} 1.0");
    }

    @Test
    void shouldReadOnlyTheGroupsTheIncludePatternMatchesWhole() {
        PrometheusMeterRegistry sinksRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LagCollector sinksOnly = new LagCollector(kafka, Pattern.compile("connect-.*"), sinksRegistry, clock);
        kafka.group("connect-redis-sink", "Stable", 1, 5)
                .group("seat-availability", "Stable", 1, 9)
                .group("my-connect-redis-sink", "Stable", 1, 1);

        sinksOnly.poll();

        assertThat(kafka.requested()).containsExactly(Set.of("connect-redis-sink"));
        assertThat(groupLines(sinksRegistry)).containsExactly(
                "flightdeck_consumer_group_lag_records{group=\"connect-redis-sink\"} 5.0",
                "flightdeck_consumer_group_members{group=\"connect-redis-sink\"} 1.0",
                "flightdeck_consumer_group_state{group=\"connect-redis-sink\",state=\"Stable\"} 1.0");
    }

    @Test
    void shouldCountAFailedPollAndKeepTheLastValuesWithTheirTimeOfReading() {
        kafka.group("connect-redis-sink", "Stable", 1, 42);
        collector.poll();

        kafka.unreadable("Kafka at 127.0.0.1:9092 did not answer within 15000 ms (listing the consumer groups)");
        clock.advance(Duration.ofSeconds(10));
        collector.poll();
        clock.advance(Duration.ofSeconds(10));
        collector.poll();

        assertThat(groupLines()).contains("flightdeck_consumer_group_lag_records{group=\"connect-redis-sink\"} 42.0");
        assertThat(value("flightdeck_lag_exporter_failures_total")).isEqualTo(2);
        assertThat(value("flightdeck_lag_exporter_last_success_timestamp_seconds")).isEqualTo(FIRST_POLL.getEpochSecond());
        assertThat(value("flightdeck_lag_exporter_poll_seconds_count")).isEqualTo(3);
    }

    @Test
    void shouldAdvanceTheLastSuccessWhenKafkaAnswersAgain() {
        kafka.unreadable("Kafka at 127.0.0.1:9092 did not answer within 15000 ms (listing the consumer groups)");
        collector.poll();
        assertThat(value("flightdeck_lag_exporter_last_success_timestamp_seconds")).isZero();

        kafka.readable().group("connect-redis-sink", "Stable", 1, 0);
        clock.advance(Duration.ofSeconds(10));
        collector.poll();

        assertThat(value("flightdeck_lag_exporter_failures_total")).isEqualTo(1);
        assertThat(value("flightdeck_lag_exporter_last_success_timestamp_seconds")).isEqualTo(FIRST_POLL.plusSeconds(10).getEpochSecond());
    }

    @Test
    void shouldNotBeReadyBeforeAPollSucceededAndSayWhy() {
        assertThat(collector.notReadyReason()).contains("the first poll of the consumer groups has not finished yet");

        kafka.unreadable("Kafka at 127.0.0.1:9092 did not answer within 15000 ms (listing the consumer groups)");
        collector.poll();
        assertThat(collector.notReadyReason()).contains("no poll of the consumer groups has succeeded yet; the last one failed: "
                + "Kafka at 127.0.0.1:9092 did not answer within 15000 ms (listing the consumer groups)");

        kafka.readable();
        collector.poll();
        assertThat(collector.notReadyReason()).isEmpty();
    }

    @Test
    void shouldStayReadyWhenALaterPollFails() {
        collector.poll();
        kafka.unreadable("Kafka at 127.0.0.1:9092 did not answer within 15000 ms (listing the consumer groups)");

        collector.poll();

        assertThat(collector.notReadyReason()).isEmpty();
        assertThat(collector.lastProblem()).contains("Kafka at 127.0.0.1:9092 did not answer within 15000 ms (listing the consumer groups)");
        assertThat(collector.lastSuccess()).contains(FIRST_POLL);
    }

    @Test
    void shouldPollOnItsOwnThreadUntilClosed() {
        kafka.group("connect-redis-sink", "Stable", 1, 1);

        collector.start(Duration.ofMillis(20));
        await().atMost(Duration.ofSeconds(5)).until(() -> kafka.requested().size() >= 3);
        collector.close();
        int polls = kafka.requested().size();

        assertThat(kafka.lastReader().getName()).isEqualTo("lag-exporter-poll");
        assertThat(kafka.lastReader()).isNotEqualTo(Thread.currentThread());
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> kafka.requested().size() == polls);
    }

    /** The per-group samples, without the comment lines. */
    private List<String> groupLines() {
        return groupLines(registry);
    }

    private static List<String> groupLines(PrometheusMeterRegistry registry) {
        return registry.scrape().lines().filter(line -> line.startsWith("flightdeck_consumer_group_")).sorted().toList();
    }

    /** The value of the sample without labels named {@code sample}. */
    private double value(String sample) {
        return registry.scrape().lines().filter(line -> line.startsWith(sample + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(sample.length() + 1)))
                .orElseThrow(() -> new AssertionError(sample + " is not in the scrape:\n" + registry.scrape()));
    }

    /** A clock the test moves. */
    private static final class StepClock extends Clock {

        private volatile Instant now;

        StepClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the collector works in UTC");
        }
    }
}
