package dev.flightdeck.stack;

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
 * ("hanging" transactions, KIP-664). Seen here after the broker was stopped while Debezium and
 * the Streams apps wrote transactionally: the partition's last stable offset stays below the
 * open transaction for ever, so every read_committed reader of it waits: the Connect worker
 * hangs "reading to the end" of its offsets topic, and the apps stop seeing new records.
 *
 * <p>A transaction is taken for hanging only when both hold: its coordinator does not list the
 * partition in an ongoing transaction of that producer, and nothing was appended to it for
 * longer than any client's transaction timeout here (10 s), so a live transaction cannot be
 * mistaken for one. Those are aborted with the Admin API, as {@code kafka-transactions.sh abort}
 * would: the records written in them were never committed, so no reader has seen them.
 */
public final class HangingTransactions {

    /** Longer than the transaction timeout of every producer of the stack (Connect and the Streams apps: 10 s). */
    static final Duration QUIET_FOR = Duration.ofSeconds(30);
    private static final Set<TransactionState> IN_PROGRESS =
            Set.of(TransactionState.ONGOING, TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT);

    /** An open transaction on one partition. */
    public record Open(TopicPartition partition, ProducerState producer) {
        /** Nothing appended for {@link #QUIET_FOR}: no live transaction of the stack stays open that long. */
        boolean quietLongEnough() {
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
     * Finds hanging transactions, waits until each has been quiet for {@link #QUIET_FOR}, checks again and
     * aborts those still hanging; a short summary for the progress line, empty when there were none.
     */
    static String abortLeftOpen(String bootstrap, Progress progress, String subject) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<Open> hanging = find(admin);
            long deadline = System.nanoTime() + QUIET_FOR.toNanos() + TimeUnit.SECONDS.toNanos(5);
            while (!hanging.stream().allMatch(Open::quietLongEnough) && System.nanoTime() < deadline) {
                progress.update(subject, hanging.size() + " transactions left open by a broker stop, aborted once quiet for "
                        + QUIET_FOR.toSeconds() + " s: " + hanging.stream().map(Open::toString).collect(Collectors.joining(", ")));
                TimeUnit.SECONDS.sleep(1); // the transactions' age is all there is to wait on
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
