package dev.flightdeck.stack;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Waits, with progress, until a Kafka Streams app has processed what its input topics hold (after
 * a fresh snapshot, some 100k records), so that once {@code up} returns its answers are current.
 */
final class StreamsCatchUp {

    private StreamsCatchUp() {
    }

    static String await(StackContext ctx, ServiceId id, String applicationId, List<String> inputTopics) throws Exception {
        if (!ctx.options().waitForSnapshot()) {
            return "";
        }
        long begin = System.nanoTime();
        Duration timeout = Duration.ofMinutes(10);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.endpoints().kafkaBootstrap()))) {
            long first = -1;
            while (true) {
                long behind = ConsumerLag.of(admin, applicationId, inputTopics);
                first = first < 0 ? behind : first;
                if (behind == 0) {
                    return first == 0 ? "" : String.format("caught up with %,d records in %s", first,
                            Progress.seconds(Duration.ofNanos(System.nanoTime() - begin)));
                }
                if (Duration.ofNanos(System.nanoTime() - begin).compareTo(timeout) > 0) {
                    throw new StackException(id + " is still " + behind + " records behind after "
                            + timeout.toMinutes() + " min; see ./flightdeck logs " + id);
                }
                ctx.progress().update(id.key(), String.format("catching up: %,d records to go", behind));
                ServiceProcess.pause(Duration.ofMillis(500));
            }
        }
    }
}
