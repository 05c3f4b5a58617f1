package dev.flightdeck.connect.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorResponse;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.transport.http.TransportHttpClient;
import co.elastic.clients.util.BinaryData;
import dev.flightdeck.connect.elasticsearch.ElasticsearchSinkTask.FlightsLeftToRetry;
import dev.flightdeck.connect.elasticsearch.ElasticsearchSinkTask.PendingFlights;
import dev.flightdeck.connect.elasticsearch.FlightIndex.ItemFailure;
import dev.flightdeck.connect.elasticsearch.FlightIndex.WriteOutcome;
import dev.flightdeck.connect.sink.Backoff;
import dev.flightdeck.connect.sink.FlightChange;
import dev.flightdeck.connect.sink.Retrier;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

class ElasticsearchSinkTaskTest {

    private static final Instant DEPARTURE = Instant.parse("2026-12-01T10:00:00Z");
    private static final Retrier QUICK_RETRIES = new Retrier(3, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0));

    private static ElasticsearchException refused(int status, String type) {
        return new ElasticsearchException("bulk", ErrorResponse.of(r -> r.status(status).error(e -> e.type(type).reason("test"))));
    }

    private static TransportException transport(int status) {
        TransportHttpClient.Response response = new TransportHttpClient.Response() {
            @Override
            public TransportHttpClient.Node node() {
                return null;
            }

            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public String header(String name) {
                return null;
            }

            @Override
            public List<String> headers(String name) {
                return List.of();
            }

            @Override
            public BinaryData body() {
                return null;
            }

            @Override
            public Object originalResponse() {
                return null;
            }

            @Override
            public void close() {
            }
        };
        return new TransportException(response, "status " + status + ", body is not JSON", "bulk");
    }

    @Test
    void shouldRetryOnlyFailuresThatPass() {
        assertThat(ElasticsearchSinkTask.isTransient(new ConnectException("Connection refused"))).isTrue();
        assertThat(ElasticsearchSinkTask.isTransient(new SocketTimeoutException("30,000 milliseconds timeout"))).isTrue();
        assertThat(ElasticsearchSinkTask.isTransient(new IOException("Connection closed"))).isTrue();
        assertThat(ElasticsearchSinkTask.isTransient(refused(429, "es_rejected_execution_exception"))).isTrue();
        assertThat(ElasticsearchSinkTask.isTransient(refused(503, "master_not_discovered_exception"))).isTrue();
        assertThat(ElasticsearchSinkTask.isTransient(transport(502))).as("a proxy's HTML 502").isTrue();
        assertThat(ElasticsearchSinkTask.isTransient(new FlightsLeftToRetry(1, 10, "status 429"))).isTrue();
        assertThat(ElasticsearchSinkTask.isTransient(refused(401, "security_exception"))).isFalse();
        assertThat(ElasticsearchSinkTask.isTransient(refused(400, "illegal_argument_exception"))).isFalse();
        assertThat(ElasticsearchSinkTask.isTransient(transport(403))).isFalse();
        assertThat(ElasticsearchSinkTask.isTransient(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void shouldSendAgainOnlyTheFlightsThatFailedTransiently() throws Exception {
        List<FlightChange> changes = List.of(FlightIndexTest.upsert(1, 1), FlightIndexTest.upsert(2, 1), FlightIndexTest.upsert(3, 1),
                new FlightChange.Delete(4, 2));
        PendingFlights pending = new PendingFlights(changes);
        List<List<FlightChange>> sent = new ArrayList<>();

        assertThatThrownBy(() -> pending.writeRemaining(batch -> {
            sent.add(batch);
            return new WriteOutcome(1, 1, List.of(new ItemFailure(1, "status 429, es_rejected_execution_exception: full"),
                    new ItemFailure(3, "status 503, unavailable_shards_exception: primary not active")),
                    List.of(new ItemFailure(2, "status 400, document_parsing_exception: bad")));
        })).isInstanceOf(FlightsLeftToRetry.class).hasMessage("2 of 4 flights not written yet, e.g. status 429, es_rejected_execution_exception: full");
        // Second attempt: of [2, 4] the first is written, the second refused for good.
        pending.writeRemaining(batch -> {
            sent.add(batch);
            return new WriteOutcome(1, 0, List.of(), List.of(new ItemFailure(1, "status 400, mapper_parsing_exception: bad")));
        });

        assertThat(sent.get(1)).containsExactly(changes.get(1), changes.get(3));
        assertThat(pending.remaining()).isEmpty();
        assertThat(pending.rejected()).isEqualTo(Map.of(2, "status 400, document_parsing_exception: bad",
                3, "status 400, mapper_parsing_exception: bad"));
        assertThat(List.of(pending.written(), pending.skippedAsOlder())).containsExactly(2, 1);
    }

    @Test
    void shouldTreatANodeThatIsNotListeningAsTransientAtStart() {
        ElasticsearchSinkTask task = new ElasticsearchSinkTask();
        try {
            // Nothing listens on port 9: connection refused, retried once, then Connect is asked to try again.
            assertThatThrownBy(() -> task.start(Map.of("elasticsearch.urls", "http://127.0.0.1:9", "retry.max.attempts", "2",
                    "retry.backoff.initial.ms", "1", "retry.backoff.max.ms", "1")))
                    .isInstanceOf(RetriableException.class)
                    .hasMessageContaining("Elasticsearch setup of alias flights failed 2 times");
        } finally {
            task.stop();
        }
    }
}
