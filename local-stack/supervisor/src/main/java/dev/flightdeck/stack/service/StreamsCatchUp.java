package dev.flightdeck.stack.service;

import dev.flightdeck.ops.Progress;
import dev.flightdeck.ops.kafka.ConsumerLag;
import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackException;
import dev.flightdeck.stack.process.ServiceProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * What the launcher checks of a Flightdeck Kafka Streams app once it is ready: with progress, that
 * it has processed what its input topics hold (after a fresh snapshot, some 100k records), so that
 * once {@code up} returns its answers are current.
 */
public final class StreamsCatchUp {

    private StreamsCatchUp() {
    }

    public static String await(StackContext ctx, ServiceId id, String applicationId, List<String> inputTopics) throws Exception {
        if (!ctx.options().waitForSnapshot()) {
            return "";
        }
        long begin = System.nanoTime();
        Duration timeout = Duration.ofMinutes(10);
        try (Admin admin = Admin.create(KafkaBroker.adminConfig(ctx))) {
            long first = -1;
            // Caught up with what was there when the wait began: under live traffic a lag of zero is a moving
            // target. Twice: the second mark holds what processing the first backlog wrote to repartition topics.
            Map<org.apache.kafka.common.TopicPartition, Long> mark = ConsumerLag.ends(admin, applicationId, inputTopics);
            boolean second = false;
            while (true) {
                long behind = ConsumerLag.of(admin, applicationId, inputTopics, mark);
                first = first < 0 ? behind : first;
                if (behind == 0 && !second) {
                    mark = ConsumerLag.ends(admin, applicationId, inputTopics);
                    second = true;
                    continue;
                }
                if (behind == 0) {
                    return first == 0 ? "" : String.format("caught up with %,d records in %s", first,
                            Progress.seconds(Duration.ofNanos(System.nanoTime() - begin)));
                }
                if (Duration.ofNanos(System.nanoTime() - begin).compareTo(timeout) > 0) {
                    throw new StackException(id + " is still " + behind + " records behind after "
                            + timeout.toMinutes() + " min; see ./flightdeck logs " + id);
                }
                // The second count starts higher than where the first ended: it adds the repartition topics' backlog.
                ctx.progress().update(id.key(), String.format(second ? "catching up: %,d records to go, repartitioned ones included"
                        : "catching up: %,d records to go", behind));
                ServiceProcess.pause(Duration.ofMillis(500));
            }
        }
    }
}
