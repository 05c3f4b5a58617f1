package dev.flightdeck.ops.lagexporter;

import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.ops.kafka.ConsumerLag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The consumer groups of the Kafka a cluster profile names, read with one admin client kept for
 * the life of the process; each group's lag is {@link ConsumerLag#ofGroup}'s, the same number the
 * status command prints.
 */
final class KafkaGroupLag implements GroupLagSource {

    private static final String CLIENT_ID = "flightdeck-lag-exporter";

    private final String bootstrapServers;
    private final Duration requestTimeout;
    /** For the admin client and for the consumer {@link ConsumerLag} opens to count a sink's lag exactly. */
    private final Map<String, Object> kafka;
    /** Created on first use: an address that does not resolve yet is then a failed poll, retried, not a process that exits. */
    private volatile Admin admin;

    KafkaGroupLag(ClusterProfile profile, Duration requestTimeout) {
        this.bootstrapServers = profile.bootstrapServers();
        this.requestTimeout = requestTimeout;
        int millis = Math.toIntExact(requestTimeout.toMillis());
        this.kafka = profile.kafkaClientConfig(Map.of(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, millis,
                CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, millis));
    }

    @Override
    public Set<String> groupIds() throws LagUnreadableException, InterruptedException {
        try {
            Set<String> ids = new TreeSet<>();
            admin().listGroups(ListGroupsOptions.forConsumerGroups()).all().get().forEach(group -> ids.add(group.groupId()));
            return ids;
        } catch (ExecutionException | KafkaException e) {
            throw unreadable("listing the consumer groups", e);
        }
    }

    @Override
    public List<GroupReading> read(Collection<String> groupIds) throws LagUnreadableException, InterruptedException {
        if (groupIds.isEmpty()) {
            return List.of();
        }
        Admin client = admin();
        Map<String, KafkaFuture<ConsumerGroupDescription>> described;
        try {
            described = client.describeConsumerGroups(groupIds).describedGroups();
        } catch (KafkaException e) {
            throw unreadable("describing the consumer groups", e);
        }
        List<GroupReading> readings = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<ConsumerGroupDescription>> entry : described.entrySet()) {
            try {
                ConsumerGroupDescription group = entry.getValue().get();
                if (group.groupState() == GroupState.DEAD) {
                    continue;
                }
                long lag = ConsumerLag.ofGroup(client, kafka, group.groupId());
                readings.add(new GroupReading(group.groupId(), group.groupState().toString(), group.members().size(),
                        lag < 0 ? OptionalLong.empty() : OptionalLong.of(lag)));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw unreadable("reading consumer group " + entry.getKey(), e);
                }
            } catch (KafkaException e) {
                throw unreadable("reading consumer group " + entry.getKey(), e);
            }
        }
        return readings;
    }

    @Override
    public void close() {
        Admin client = admin;
        if (client != null) {
            client.close(Duration.ofSeconds(5));
        }
    }

    private Admin admin() throws LagUnreadableException {
        if (admin == null) {
            try {
                admin = Admin.create(withClientId());
            } catch (KafkaException e) {
                throw unreadable("creating the admin client", e);
            }
        }
        return admin;
    }

    private Map<String, Object> withClientId() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, CLIENT_ID);
        return config;
    }

    /** The failure in one line that names Kafka's address, from the innermost cause that says something. */
    private LagUnreadableException unreadable(String doing, Exception e) {
        Throwable innermost = e;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException) {
                return new LagUnreadableException("Kafka at " + bootstrapServers + " did not answer within " + requestTimeout.toMillis()
                        + " ms (" + doing + "): " + cause.getMessage() + "; is it running, and reachable from here?", e);
            }
            if (cause.getMessage() != null) {
                innermost = cause;
            }
        }
        return new LagUnreadableException(doing + " failed on Kafka at " + bootstrapServers + ": "
                + innermost.getClass().getSimpleName() + ": " + innermost.getMessage(), e);
    }
}
