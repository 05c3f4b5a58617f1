package dev.flightdeck.streams.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until the topics a topology reads exist. Kafka Streams started before them (an app
 * deployed beside a capture whose snapshot has not created every CDC topic yet) kills its stream
 * threads with MissingSourceTopicException at every rebalance and uses up the replacement budget.
 */
final class SourceTopics {

    private static final Logger log = LoggerFactory.getLogger(SourceTopics.class);
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Duration REPORT = Duration.ofSeconds(10);

    private SourceTopics() {
    }

    /** The named topics the topology's sources read, without its own repartition topics. */
    static Set<String> of(Topology topology) {
        Set<String> topics = new TreeSet<>();
        TopologyDescription description = topology.describe();
        description.subtopologies().forEach(sub -> sub.nodes().forEach(node -> {
            if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                source.topicSet().stream().filter(t -> !t.endsWith("-repartition")).forEach(topics::add);
            }
        }));
        description.globalStores().forEach(store -> {
            if (store.source().topicSet() != null) {
                topics.addAll(store.source().topicSet());
            }
        });
        return topics;
    }

    /** Returns once every topic exists; says every 10 s which are missing. Interrupting the thread gives up. */
    static void await(Map<String, Object> clientConfig, Set<String> topics) {
        String kafka = String.valueOf(clientConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        long begin = System.nanoTime();
        long reported = begin;
        try (Admin admin = Admin.create(clientConfig)) {
            while (true) {
                Set<String> missing = new TreeSet<>(topics);
                missing.removeAll(admin.listTopics().names().get(30, TimeUnit.SECONDS));
                if (missing.isEmpty()) {
                    if (System.nanoTime() - begin > POLL.toNanos()) {
                        log.info("every source topic exists after {} s", Duration.ofNanos(System.nanoTime() - begin).toSeconds());
                    }
                    return;
                }
                if (System.nanoTime() - reported >= REPORT.toNanos() || reported == begin) {
                    log.info("waiting for source topics {} (the capture's snapshot creates the CDC topics)", missing);
                    reported = System.nanoTime();
                }
                Thread.sleep(POLL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the source topics " + topics, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka at " + kafka + " did not list its topics: " + e, e);
        }
    }
}
