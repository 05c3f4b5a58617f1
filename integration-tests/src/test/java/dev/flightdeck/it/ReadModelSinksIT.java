package dev.flightdeck.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.ops.reconcile.ElasticsearchReadModel;
import dev.flightdeck.ops.reconcile.ReadModel;
import dev.flightdeck.ops.reconcile.Reconciler;
import dev.flightdeck.ops.reconcile.RedisReadModel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The two sink connectors as the stack runs them, inside the real Connect worker, reading the
 * real flight-availability topic: Redis and Elasticsearch agree with MySQL for every flight,
 * also after Elasticsearch was away for 30 s while bookings went on.
 */
@ExtendWith(SharedStack.class)
class ReadModelSinksIT {

    private static final Duration CONVERGE = Duration.ofMinutes(3);

    private final SharedStack stack = SharedStack.get();

    @Test
    void shouldAgreeWithMysqlInRedisAndElasticsearchAfterBookingTraffic() throws Exception {
        stack.simulateTraffic(60, Duration.ofSeconds(20));

        assertAgreesWithMysql(redis(), elasticsearch());
    }

    @Test
    void shouldCatchUpWithEveryChangeAfterElasticsearchWasStoppedWhileBookingsWentOn() throws Exception {
        stack.stop("elasticsearch");
        Instant stopped = Instant.now();
        try {
            // 30 s of bookings while Elasticsearch is away; the sink retries with backoff, then asks Connect to redeliver.
            stack.simulateTraffic(60, Duration.ofSeconds(30));
            assertThat(connectorState("elasticsearch-sink-flights")).isNotEqualTo("FAILED");
        } finally {
            stack.start("elasticsearch");
        }
        System.out.printf("Elasticsearch was away for %d s%n", Duration.between(stopped, Instant.now()).toSeconds());
        assertAgreesWithMysql(elasticsearch());
        assertThat(connectorState("elasticsearch-sink-flights")).isEqualTo("RUNNING");
    }

    /** Converged when, in one read, each store says what MySQL says for every flight. */
    private void assertAgreesWithMysql(ReadModel... models) throws Exception {
        Reconciler.Report report = new Reconciler(stack::app, List.of(models)).run(CONVERGE, true, Progress.console(System.out));
        assertThat(report.flights()).isGreaterThan(500);
        assertThat(report.verdicts()).allSatisfy(verdict -> {
            assertThat(verdict.flightsJudged()).as(verdict.model()).isGreaterThan(500);
            assertThat(verdict.drift()).as(verdict.model() + " vs MySQL").isEmpty();
        });
    }

    private ReadModel redis() {
        return new RedisReadModel(stack.profile()::openRedis, "flightdeck:", Duration.ofDays(1));
    }

    private ReadModel elasticsearch() {
        return new ElasticsearchReadModel(stack.profile().elasticsearchUrl(), "flights");
    }

    private String connectorState(String name) throws Exception {
        ConnectClient.ConnectorStatus status = stack.profile().connect().status(name);
        return status.tasks().stream().anyMatch(t -> "FAILED".equals(t.state())) ? "FAILED" : status.state();
    }
}
