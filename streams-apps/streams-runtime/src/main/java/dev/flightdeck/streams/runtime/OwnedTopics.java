package dev.flightdeck.streams.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics an app publishes, with their settings, if they do not exist yet (two instances may race: fine). */
public final class OwnedTopics {

    private static final Logger log = LoggerFactory.getLogger(OwnedTopics.class);

    private OwnedTopics() {
    }

    public static void ensure(List<String> bootstrapServers, List<NewTopic> wanted) {
        String kafka = String.join(",", bootstrapServers);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka));
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>(wanted.stream().filter(t -> !existing.contains(t.name())).toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                log.info("created topics {}", missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics on " + kafka + ": " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics on " + String.join(",", bootstrapServers), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + kafka + " did not answer within 30 s; check "
                    + StreamsAppConfig.BOOTSTRAP_SERVERS_CONFIG + " and that the brokers run", e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot reach Kafka at " + kafka + ": " + e, e);
        } finally {
            // Without a timeout, close waits for calls still pending, up to a minute when Kafka is away.
            admin.close(Duration.ofSeconds(1));
        }
    }
}
