package dev.flightdeck.stack.service;

import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.stack.StackException;
import dev.flightdeck.stack.process.ServiceProcess;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits for Debezium's initial snapshot, showing rows in Kafka against rows in MySQL. Debezium
 * marks source offsets with {@code snapshot} while it copies tables; once a committed offset no
 * longer carries that mark, it is streaming the binlog.
 */
public final class SnapshotProgress {

    static final String TOPIC_PREFIX = "cdc.flights.";

    private SnapshotProgress() {
    }

    /**
     * Returns a note such as "snapshot of 84,072 rows done in 20.1 s", or "" when it was done before.
     * Progress counts topic end offsets, which also count transaction markers: an estimate.
     */
    public static String await(StackContext ctx, ConnectClient rest, String connector, Duration timeout) throws Exception {
        if (isStreaming(rest.offsets(connector))) {
            return "";
        }
        Map<String, Long> rows = tableRows(ctx);
        long total = rows.values().stream().mapToLong(Long::longValue).sum();
        long begin = System.nanoTime();
        try (Admin admin = Admin.create(KafkaBroker.adminConfig(ctx))) {
            while (true) {
                long inKafka = recordsInTopics(admin, rows.keySet());
                if (isStreaming(rest.offsets(connector))) {
                    return String.format("snapshot of %,d rows done in %s", total,
                            Progress.seconds(Duration.ofNanos(System.nanoTime() - begin)));
                }
                if (Duration.ofNanos(System.nanoTime() - begin).compareTo(timeout) > 0) {
                    throw new StackException("Debezium's snapshot did not finish within " + timeout.toMinutes()
                            + " min (" + inKafka + " of " + total + " rows in Kafka); see ./flightdeck logs connect");
                }
                ctx.progress().update("connect", String.format("snapshot: %,d of %,d rows in Kafka (%d%%)",
                        Math.min(inKafka, total), total, total == 0 ? 100 : Math.min(100, inKafka * 100 / total)));
                ServiceProcess.pause(Duration.ofMillis(500));
            }
        }
    }

    static boolean isStreaming(List<Map<String, Object>> offsets) {
        return !offsets.isEmpty() && offsets.stream().noneMatch(o -> o.containsKey("snapshot"));
    }

    private static Map<String, Long> tableRows(StackContext ctx) throws Exception {
        Map<String, Long> rows = new HashMap<>();
        try (Connection db = DriverManager.getConnection(MySqlServer.adminUrl(ctx), "root", ctx.secrets().mysqlRootPassword());
             Statement statement = db.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet r = statement.executeQuery("SELECT table_name FROM information_schema.tables "
                    + "WHERE table_schema = 'flights' AND table_type = 'BASE TABLE' AND table_name <> 'flyway_schema_history'")) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet r = statement.executeQuery("SELECT COUNT(*) FROM flights.`" + table + "`")) {
                    r.next();
                    rows.put(TOPIC_PREFIX + table, r.getLong(1));
                }
            }
        }
        return rows;
    }

    private static long recordsInTopics(Admin admin, java.util.Set<String> topics) throws Exception {
        Map<String, TopicDescription> existing = new HashMap<>();
        List<String> present = new ArrayList<>(admin.listTopics().names().get(5, TimeUnit.SECONDS));
        present.retainAll(topics);
        if (present.isEmpty()) {
            return 0;
        }
        existing.putAll(admin.describeTopics(present).allTopicNames().get(5, TimeUnit.SECONDS));
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        existing.values().forEach(t -> t.partitions().forEach(p -> request.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest())));
        return admin.listOffsets(request).all().get(5, TimeUnit.SECONDS).values().stream()
                .mapToLong(i -> i.offset()).sum();
    }
}
