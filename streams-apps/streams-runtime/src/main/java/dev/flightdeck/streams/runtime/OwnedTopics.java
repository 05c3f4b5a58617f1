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

    /** @param clientConfig the bootstrap servers and the connection's security ({@link StreamsAppConfig#clientConfig}) */
    public static void ensure(Map<String, Object> clientConfig, List<NewTopic> wanted) {
        String kafka = String.valueOf(clientConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        Admin admin = Admin.create(clientConfig);
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
            throw new IllegalStateException("interrupted while creating topics on " + kafka, e);
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
