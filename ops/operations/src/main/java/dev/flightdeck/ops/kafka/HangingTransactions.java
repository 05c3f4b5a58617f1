package dev.flightdeck.ops.kafka;

import dev.flightdeck.ops.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;

/**
 * Transactions a broker stop left open on a partition although their coordinator has ended them
 * ("hanging" transactions, KIP-664). The partition's last stable offset then stays below the open
 * transaction for ever, so every read_committed reader of it waits: a Connect worker hangs
 * "reading to the end" of its offsets topic, and the Streams apps stop seeing new records.
 *
 * <p>A transaction is taken for hanging only when all hold: its coordinator does not list the
 * partition in an ongoing transaction of that producer; nothing was appended to it for longer
 * than any client's transaction timeout (10 s), so a live transaction cannot be mistaken for one;
 * and it is still so {@link #QUIET_FOR} after the broker is ready. The last matters: right after a
 * restart a coordinator may still be loading its state and list nothing, then write the markers of
 * the transactions it had prepared to commit within seconds; aborting one of those first would
 * drop committed records. Those still hanging are aborted with the Admin API, as
 * {@code kafka-transactions.sh abort} would.
 *
 * <p>Why aborting what is left is safe: a coordinator records a transaction as committed only
 * after every partition has its commit marker, and while it writes them (PREPARE_COMMIT) it lists
 * the partitions, which this check never touches. So once the coordinators have loaded, a
 * partition still open and unknown to its coordinator holds records of no committed transaction
 * (KIP-664: a write that arrived after its transaction was aborted, or a transaction the broker
 * stop cut off), and aborting it is the only way to unblock its readers.
 */
public final class HangingTransactions {

    /** Longer than the transaction timeout of every producer of the stack (Connect and the Streams apps: 10 s). */
    public static final Duration QUIET_FOR = Duration.ofSeconds(30);
    private static final Set<TransactionState> IN_PROGRESS =
            Set.of(TransactionState.ONGOING, TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT);

    /** An open transaction on one partition. */
    public record Open(TopicPartition partition, ProducerState producer) {
        /** Nothing appended for {@link #QUIET_FOR}: no live transaction of the stack stays open that long. */
        public boolean quietLongEnough() {
            return producer.lastTimestamp() <= System.currentTimeMillis() - QUIET_FOR.toMillis();
        }

        @Override
        public String toString() {
            return partition + " (producer " + producer.producerId() + ", from offset "
                    + producer.currentTransactionStartOffset().orElse(-1) + ")";
        }
    }

    private HangingTransactions() {
    }

    /**
     * Finds hanging transactions; if there are any, watches them for {@link #QUIET_FOR} (until each has also
     * been quiet that long) and aborts those still hanging at the end; a short summary for the progress
     * line, empty when there were none.
     */
    public static String abortLeftOpen(Admin admin, Progress progress, String subject) throws Exception {
        List<Open> hanging = find(admin);
        long settled = System.nanoTime() + QUIET_FOR.toNanos(); // coordinators loaded and done with what they had prepared
        long deadline = settled + TimeUnit.SECONDS.toNanos(5);
        while (!hanging.isEmpty() && (System.nanoTime() < settled || !hanging.stream().allMatch(Open::quietLongEnough))
                && System.nanoTime() < deadline) {
            progress.update(subject, hanging.size() + " transactions left open by a broker stop, aborted if still open and quiet after "
                    + QUIET_FOR.toSeconds() + " s: " + hanging.stream().map(Open::toString).collect(Collectors.joining(", ")));
            TimeUnit.SECONDS.sleep(1); // time is all there is to wait on
            hanging = find(admin); // checked again: one may have ended meanwhile
        }
        List<Open> quiet = hanging.stream().filter(Open::quietLongEnough).toList();
        for (Open open : quiet) {
            admin.abortTransaction(new AbortTransactionSpec(open.partition(), open.producer().producerId(),
                    (short) open.producer().producerEpoch(), open.producer().coordinatorEpoch().orElse(-1))).all().get();
        }
        return quiet.isEmpty() ? "" : "aborted " + quiet.size() + " transactions a broker stop left open: "
                + quiet.stream().map(Open::toString).collect(Collectors.joining(", "));
    }

    /** Open transactions whose coordinator has ended them (however recent; see {@link Open#quietLongEnough}). */
    public static List<Open> find(Admin admin) throws Exception {
        Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
        List<TopicPartition> partitions = new ArrayList<>();
        for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get().values()) {
            topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
        }
        List<Open> open = new ArrayList<>();
        admin.describeProducers(partitions).all().get().forEach((partition, producers) -> producers.activeProducers().stream()
                .filter(p -> p.currentTransactionStartOffset().isPresent())
                .forEach(p -> open.add(new Open(partition, p))));
        if (open.isEmpty()) {
            return open;
        }
        Map<Long, String> transactionalIds = new HashMap<>();
        for (TransactionListing listing : admin.listTransactions().all().get()) {
            transactionalIds.put(listing.producerId(), listing.transactionalId());
        }
        Map<String, TransactionDescription> coordinators = transactionalIds.isEmpty() ? Map.of()
                : admin.describeTransactions(transactionalIds.values()).all().get();
        return open.stream().filter(o -> {
            String transactionalId = transactionalIds.get(o.producer().producerId());
            TransactionDescription coordinator = transactionalId == null ? null : coordinators.get(transactionalId);
            return coordinator == null || !IN_PROGRESS.contains(coordinator.state())
                    || !coordinator.topicPartitions().contains(o.partition());
        }).toList();
    }
}
