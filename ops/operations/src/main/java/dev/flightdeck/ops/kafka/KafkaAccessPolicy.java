package dev.flightdeck.ops.kafka;

import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.ops.OpsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on a Flightdeck Kafka cluster, the local stack's or a deployment's: a SCRAM user
 * per job ({@link #JOBS}, user {@code flightdeck-JOB}), each with the ACLs its job needs and nothing
 * else (the brokers deny what no ACL allows). The administrator applies it through the Admin API,
 * so no password is ever on a command line.
 */
public final class KafkaAccessPolicy {

    /** The jobs with a Kafka account of their own. */
    public static final List<String> JOBS = List.of("ops", "connect", "redis-sink", "elasticsearch-sink",
            "alertmanager-sink", "seat-availability", "anomaly-detector", "registry", "search", "analyst");
    /** The jobs that are sink connectors: each reads the topics of its connector file. */
    public static final List<String> SINK_JOBS = List.of("redis-sink", "elasticsearch-sink", "alertmanager-sink");
    /** The brokers' own principal (their certificate's CN): a super user, for inter-broker and controller traffic. */
    public static final String BROKER_PRINCIPAL = "kafka-broker";
    /** The cluster's administrator (a client certificate): applies this policy. */
    public static final String ADMIN_PRINCIPAL = "flightdeck-admin";
    /** The Connect cluster's group.id: its group, its internal topics' owner and its transactional ids' prefix. */
    public static final String CONNECT_GROUP = "flightdeck-connect";
    private static final int SCRAM_ITERATIONS = 8192;

    private KafkaAccessPolicy() {
    }

    /** The SCRAM user of {@code job}. */
    public static String user(String job) {
        requireJob(job);
        return "flightdeck-" + job;
    }

    private static void requireJob(String job) {
        if (!JOBS.contains(job)) {
            throw new IllegalArgumentException("no Kafka account " + job + "; accounts: " + JOBS);
        }
    }

    /**
     * Makes (or updates) the SCRAM credential of every job in {@code passwords} and adds {@code acls};
     * both are idempotent. Returns what it did, for the caller to print.
     */
    public static String apply(Admin admin, Map<String, String> passwords, List<AclBinding> acls) throws Exception {
        List<UserScramCredentialAlteration> users = new ArrayList<>();
        passwords.forEach((job, password) -> users.add(new UserScramCredentialUpsertion(user(job),
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), password)));
        admin.alterUserScramCredentials(users).all().get(30, TimeUnit.SECONDS);
        admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        return users.size() + " users, " + acls.size() + " ACLs";
    }

    /**
     * Every job's ACLs. Topic names come from the apps' defaults and, for each sink job, its
     * connector file ({@code sinks}: job to file), which names the topics it reads and its dead-letter topic.
     */
    public static List<AclBinding> acls(Map<String, Path> sinks) {
        Acls acls = new Acls();
        // Connect's workers and Debezium: the workers' group, internal topics and transactional ids
        // (exactly-once source), the CDC topics with Debezium's schema history.
        acls.allow("connect", ResourceType.GROUP, CONNECT_GROUP, PatternType.LITERAL, AclOperation.READ, AclOperation.DESCRIBE);
        for (String topic : List.of("connect-configs", "connect-offsets", "connect-status")) {
            acls.allow("connect", ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.ALL);
        }
        acls.allow("connect", ResourceType.TOPIC, "cdc", PatternType.PREFIXED, AclOperation.ALL);
        acls.allow("connect", ResourceType.TOPIC, "__debezium-heartbeat.cdc", PatternType.LITERAL, AclOperation.ALL);
        acls.allow("connect", ResourceType.TRANSACTIONAL_ID, CONNECT_GROUP, PatternType.PREFIXED, AclOperation.WRITE, AclOperation.DESCRIBE);
        acls.allow("connect", ResourceType.TRANSACTIONAL_ID, "connect-cluster-" + CONNECT_GROUP, PatternType.LITERAL,
                AclOperation.WRITE, AclOperation.DESCRIBE);
        acls.allow("connect", ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL,
                AclOperation.IDEMPOTENT_WRITE, AclOperation.DESCRIBE_CONFIGS);

        // Each sink: its topics to read, as its Connect group, and its dead-letter topic to write.
        List<String> sinkDeadLetters = new ArrayList<>();
        sinks.forEach((job, file) -> {
            if (!SINK_JOBS.contains(job)) {
                throw new IllegalArgumentException(job + " is not a sink's account; sinks: " + SINK_JOBS);
            }
            ConnectClient.ConnectorFile connector = ConnectClient.ConnectorFile.read(file);
            acls.allow(job, ResourceType.GROUP, "connect-" + connector.name(), PatternType.LITERAL, AclOperation.READ);
            String topics = connector.config().path("topics").asText();
            if (topics.isBlank()) {
                throw new OpsException(file + " names no topics: a sink's account reads the topics its connector names");
            }
            for (String topic : topics.split("\\s*,\\s*")) {
                acls.allow(job, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ, AclOperation.DESCRIBE);
            }
            String deadLetters = connector.config().path("errors.deadletterqueue.topic.name").asText();
            if (!deadLetters.isEmpty()) {
                acls.allow(job, ResourceType.TOPIC, deadLetters, PatternType.LITERAL,
                        AclOperation.CREATE, AclOperation.WRITE, AclOperation.DESCRIBE);
                sinkDeadLetters.add(deadLetters);
            }
        });

        // The Streams apps: everything under their application.id (internal topics, group,
        // transactional ids, dead-letter topic), their inputs to read, their outputs to make and write.
        streamsApp(acls, "seat-availability",
                List.of("cdc.flights.booking", "cdc.flights.flight", "cdc.flights.seat_map", "cdc.flights.aircraft_type"),
                List.of("flight-availability"));
        // The detector also reads Debezium's schema history: a failed capture's alert names the DDL behind it.
        List<String> detectorInputs = new ArrayList<>(List.of("cdc.flights.booking", "cdc.flights.flight", "cdc",
                "cdc.schema-history", "flight-availability", "seat-availability-dlq"));
        detectorInputs.addAll(sinkDeadLetters);
        streamsApp(acls, "anomaly-detector", detectorInputs, List.of("anomalies"));

        // The registry's kafkasql storage: its journal, snapshots and events topics, and its consumer groups.
        acls.allow("registry", ResourceType.TOPIC, "kafkasql-", PatternType.PREFIXED, AclOperation.ALL);
        acls.allow("registry", ResourceType.TOPIC, "registry-events", PatternType.LITERAL, AclOperation.ALL);
        acls.allow("registry", ResourceType.GROUP, "apicurio-", PatternType.PREFIXED, AclOperation.READ, AclOperation.DESCRIBE);
        acls.allow("registry", ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.DESCRIBE_CONFIGS);

        // The search service reads the airports' CDC topic, without a group.
        acls.allow("search", ResourceType.TOPIC, "cdc.flights.airport", PatternType.LITERAL, AclOperation.READ, AclOperation.DESCRIBE);

        // The ops CLI and the lag exporter: describe and read everything; what the recovery runbooks
        // do besides (delete Debezium's schema history, abort a hanging transaction).
        acls.allow("ops", ResourceType.TOPIC, "*", PatternType.LITERAL,
                AclOperation.DESCRIBE, AclOperation.READ, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER);
        acls.allow("ops", ResourceType.GROUP, "*", PatternType.LITERAL, AclOperation.DESCRIBE);
        acls.allow("ops", ResourceType.TRANSACTIONAL_ID, "*", PatternType.LITERAL, AclOperation.DESCRIBE);
        acls.allow("ops", ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        acls.allow("ops", ResourceType.TOPIC, "cdc.schema-history", PatternType.LITERAL, AclOperation.DELETE);

        // An analyst reads the anomalies and nothing else.
        acls.allow("analyst", ResourceType.TOPIC, "anomalies", PatternType.LITERAL, AclOperation.READ, AclOperation.DESCRIBE);
        acls.allow("analyst", ResourceType.GROUP, "flightdeck-analyst", PatternType.PREFIXED, AclOperation.READ);
        return acls.bindings;
    }

    private static void streamsApp(Acls acls, String applicationId, List<String> inputs, List<String> outputs) {
        acls.allow(applicationId, ResourceType.TOPIC, applicationId, PatternType.PREFIXED, AclOperation.ALL);
        acls.allow(applicationId, ResourceType.GROUP, applicationId, PatternType.PREFIXED, AclOperation.READ, AclOperation.DESCRIBE);
        acls.allow(applicationId, ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED,
                AclOperation.WRITE, AclOperation.DESCRIBE);
        for (String topic : inputs) {
            acls.allow(applicationId, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ, AclOperation.DESCRIBE);
        }
        for (String topic : outputs) {
            acls.allow(applicationId, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.CREATE, AclOperation.WRITE,
                    AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        }
    }

    /** ACL bindings being collected, each allowing a job's user from any host. */
    private static final class Acls {
        private final List<AclBinding> bindings = new ArrayList<>();

        void allow(String job, ResourceType type, String name, PatternType pattern, AclOperation... operations) {
            String principal = "User:" + user(job);
            for (AclOperation operation : operations) {
                bindings.add(new AclBinding(new ResourcePattern(type, name, pattern),
                        new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
            }
        }
    }
}
