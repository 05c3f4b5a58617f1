package dev.flightdeck.anomalies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.flightdeck.cdc.testing.AvroSingleObjectSerde;
import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.clients.connect.SchemaHistory;
import dev.flightdeck.http.HttpLimits;
import dev.flightdeck.http.HttpListener;
import dev.flightdeck.http.HttpResponse;
import dev.flightdeck.schemas.Anomaly;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the app watching the same Kafka Connect (a stand-in for its REST API), at
 * different moments: for one failure and its recovery, both write the same alert ids.
 */
class ConnectorWatchTest {

    private static final String TRACE = "org.apache.kafka.connect.errors.ConnectException: Redis at 127.0.0.1:6379 refused the "
            + "connection\n\tat dev.flightdeck.connectors.redis.RedisSinkTask.put(RedisSinkTask.java:88)\n";

    private final AtomicReference<String> taskState = new AtomicReference<>("FAILED");
    private HttpListener connect;

    @BeforeEach
    void start() throws Exception {
        connect = HttpListener.start("stand-in Connect", new InetSocketAddress("127.0.0.1", 0), HttpLimits.api(), request -> {
            if (!request.path().equals("/connectors")) {
                return HttpResponse.error(404, "not here");
            }
            String task = "{\"id\":0,\"state\":\"" + taskState.get() + "\",\"worker_id\":\"w1\""
                    + (taskState.get().equals("FAILED") ? ",\"trace\":" + TextNode.valueOf(TRACE) : "")
                    + "}";
            return HttpResponse.json(200, "{\"redis-sink-flights\":{\"status\":{\"name\":\"redis-sink-flights\","
                    + "\"connector\":{\"state\":\"RUNNING\",\"worker_id\":\"w1\"},\"tasks\":[" + task + "],\"type\":\"sink\"}}}");
        });
    }

    @AfterEach
    void stop() {
        connect.close();
    }

    @Test
    void shouldWriteTheSameIdsFromEveryInstanceForOneFailureAndItsRecovery() throws Exception {
        MockProducer<String, Anomaly> first = producer();
        MockProducer<String, Anomaly> second = producer();
        ConnectorWatch one = watch(first, Instant.parse("2026-11-25T10:00:00Z"));
        ConnectorWatch other = watch(second, Instant.parse("2026-11-25T10:00:07.321Z"));

        one.check();
        other.check();
        one.check(); // still failed: nothing new
        taskState.set("RUNNING");
        other.check();
        one.check();

        List<String> firstIds = first.history().stream().map(ProducerRecord::key).toList();
        List<String> secondIds = second.history().stream().map(ProducerRecord::key).toList();
        assertThat(firstIds).hasSize(2).isEqualTo(secondIds);
        String failedId = Alerts.stableId(Alerts.CONNECTOR_FAILED, "redis-sink-flights/0",
                "org.apache.kafka.connect.errors.ConnectException: Redis at 127.0.0.1:6379 refused the connection");
        assertThat(firstIds).containsExactly(failedId, Alerts.stableId(Alerts.CONNECTOR_RECOVERED, failedId));
        assertThat(first.history().getFirst().value().getType()).isEqualTo(Alerts.CONNECTOR_FAILED);
        assertThat(first.history().getFirst().value().getConnector()).isEqualTo("redis-sink-flights/0");
        assertThat(first.history().getFirst().value().getId()).isEqualTo(first.history().getFirst().key());
    }

    private ConnectorWatch watch(MockProducer<String, Anomaly> producer, Instant now) {
        return new ConnectorWatch(new ConnectClient("http://127.0.0.1:" + connect.port()), Duration.ofSeconds(1), producer, "anomalies",
                new SchemaHistory(Map.of("bootstrap.servers", "127.0.0.1:9")),
                new Alerts(Clock.fixed(now, ZoneOffset.UTC), new SimpleMeterRegistry()));
    }

    private static MockProducer<String, Anomaly> producer() {
        return new MockProducer<>(true, null, new StringSerializer(),
                new AvroSingleObjectSerde<Anomaly>(Anomaly.getClassSchema()).serializer());
    }
}
