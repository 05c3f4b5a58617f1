package dev.flightdeck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flightdeck.cdc.ConfluentAvroDecoder;
import dev.flightdeck.clients.registry.RegistryClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Connect worker stopped or killed while rows are being committed. Capture resumes from its
 * committed offset (a GTID set), so no committed change is lost; and because the worker commits
 * Debezium's records and offsets in one Kafka transaction (exactly-once source, KIP-618), a
 * read_committed consumer sees no change twice, even after kill -9.
 */
@ExtendWith(SharedStack.class)
class ConnectRestartIT {

    private static final int ROWS = 2500;
    private final SharedStack stack = SharedStack.get();
    private final ConfluentAvroDecoder avro = new RegistryClient(stack.profile().schemaRegistryUrl()).avroDecoder();

    @Test
    void shouldLoseNothingAndRepeatNothingWhenTheWorkerStopsCleanly() throws Exception {
        Outcome outcome = writeWhile(() -> stack.stop("connect"));
        assertThat(outcome.missing()).as("committed rows missing from the topic").isEmpty();
        assertThat(outcome.duplicated()).as("a clean stop commits offsets first: nothing is sent twice").isEmpty();
    }

    @Test
    void shouldLoseNothingAndRepeatNothingWhenTheWorkerIsKilled() throws Exception {
        Outcome outcome = writeWhile(() -> stack.kill("connect"));
        assertThat(outcome.missing()).as("committed rows missing from the topic").isEmpty();
        assertThat(outcome.duplicated())
                .as("records of the aborted transaction are invisible to read_committed consumers; Debezium resumes after the last committed one")
                .isEmpty();
    }

    record Outcome(List<Long> committed, List<Long> missing, TreeSet<Long> duplicated) {
    }

    /** Commits ROWS passengers at a steady pace, runs the interruption a third of the way in, then restarts Connect. */
    private Outcome writeWhile(Interruption interruption) throws Exception {
        String run = "restart-" + UUID.randomUUID();
        List<Long> committed = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        try (Connection db = stack.app(); PreparedStatement insert = db.prepareStatement(
                "INSERT INTO passenger (first_name, last_name, email) VALUES ('Restart', 'Test', ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            writer.scheduleAtFixedRate(() -> {
                if (committed.size() >= ROWS) {
                    return;
                }
                try {
                    insert.setString(1, run + "-" + committed.size() + "@example.org");
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        keys.next();
                        committed.add(keys.getLong(1));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, 0, 4, TimeUnit.MILLISECONDS);

            await().atMost(Duration.ofMinutes(2)).until(() -> committed.size() >= ROWS / 3);
            interruption.run();
            stack.start("connect");
            await().atMost(Duration.ofMinutes(3)).until(() -> committed.size() >= ROWS);
        } finally {
            writer.shutdown();
            writer.awaitTermination(30, TimeUnit.SECONDS);
        }

        Map<Long, Integer> deliveries = new HashMap<>();
        try (CdcTopic topic = new CdcTopic(stack.profile(), "cdc.flights.passenger")) {
            topic.forEachUntil(r -> {
                if (r.value() == null) {
                    return;
                }
                GenericRecord after = (GenericRecord) avro.decode(r.value()).record().get("after");
                if (after != null && after.get("email").toString().startsWith(run)) {
                    deliveries.merge((Long) after.get("id"), 1, Integer::sum);
                }
            }, () -> deliveries.keySet().containsAll(committed), Duration.ofMinutes(2));
        }
        List<Long> missing = committed.stream().filter(id -> !deliveries.containsKey(id)).toList();
        TreeSet<Long> duplicated = new TreeSet<>();
        deliveries.forEach((id, n) -> {
            if (n > 1) {
                duplicated.add(id);
            }
        });
        return new Outcome(List.copyOf(committed), missing, duplicated);
    }

    @FunctionalInterface
    interface Interruption {
        void run() throws Exception;
    }
}
