package dev.flightdeck.stack.service;

import dev.flightdeck.clients.ScramLogin;
import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.stack.StackException;
import dev.flightdeck.stack.StackLayout;
import dev.flightdeck.stack.StackSecrets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * Who may do what on the stack's Kafka: a SCRAM user per job ({@link StackSecrets#KAFKA_JOBS}),
 * each with the ACLs its job needs and nothing else (the broker denies what no ACL allows), and
 * the client settings each uses. {@code up} makes the users and ACLs through the Admin API as the
 * stack's administrator (a client certificate on the internal listener), so no password is ever
 * on a command line; the clients read their password from a mode-600 file through Kafka's
 * directory config provider, so no config file of theirs holds it.
 */
public final class KafkaAccounts {

    /** The broker's own principal (its certificate's CN): a super user, for inter-broker and controller traffic. */
    static final String BROKER_PRINCIPAL = "kafka-broker";
    /** The stack's administrator (a client certificate on the internal listener): makes the SCRAM users and ACLs. */
    static final String ADMIN_PRINCIPAL = "flightdeck-admin";
    private static final String ADMIN_KEYSTORE_PASSWORD = ADMIN_PRINCIPAL + ".keystore.password";
    static final String CONNECT_GROUP = "flightdeck-connect";
    private static final int SCRAM_ITERATIONS = 8192;

    private KafkaAccounts() {
    }

    /** The folder of the Kafka users' password files, one per job ({@code JOB.password}). */
    public static Path passwordDir(StackLayout layout) {
        return layout.dataDir().resolve("secrets").resolve("kafka");
    }

    /** Writes every job's password file and the administrator's key store password (mode 600), for their clients to read. */
    static void writePasswordFiles(StackLayout layout, StackSecrets secrets) {
        for (String job : StackSecrets.KAFKA_JOBS) {
            LocalService.privateFile(passwordDir(layout).resolve(job + ".password"), secrets.kafkaPassword(job));
        }
        LocalService.privateFile(passwordDir(layout).resolve(ADMIN_KEYSTORE_PASSWORD), secrets.tlsKeystorePassword());
    }

    /**
     * Client settings for the stack's administrator, on the internal listener: TLS with the
     * administrator's client certificate (made by {@code StackCertificates#clientKeystore}).
     */
    public static Map<String, String> adminSettings(StackLayout layout) {
        String password = "${dir:" + passwordDir(layout) + ":" + ADMIN_KEYSTORE_PASSWORD + "}";
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("security.protocol", "SSL");
        settings.put("ssl.keystore.type", "PKCS12");
        settings.put("ssl.keystore.location", layout.tlsDir().resolve(ADMIN_PRINCIPAL + ".p12").toString());
        settings.put("ssl.keystore.password", password);
        settings.put("ssl.key.password", password);
        settings.put("ssl.truststore.type", "PEM");
        settings.put("ssl.truststore.location", layout.tlsDir().resolve("ca.pem").toString());
        directoryProvider(layout, settings);
        return settings;
    }

    private static void directoryProvider(StackLayout layout, Map<String, String> settings) {
        settings.put("config.providers", "dir");
        settings.put("config.providers.dir.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
        settings.put("config.providers.dir.param.allowed.paths", passwordDir(layout).toString());
    }

    /**
     * Client settings for {@code job} on the client listener: TLS verifying the stack's CA and the
     * broker's host name, SCRAM-SHA-512 with the job's user, its password read from its file.
     */
    public static Map<String, String> clientSettings(StackContext ctx, String job) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (ctx.state().kafkaInsecure) {
            return settings; // up --insecure: PLAINTEXT, nobody named
        }
        StackLayout layout = ctx.layout();
        StackSecrets secrets = ctx.secrets();
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.mechanism", "SCRAM-SHA-512");
        settings.put("ssl.truststore.type", "PEM");
        settings.put("ssl.truststore.location", layout.tlsDir().resolve("ca.pem").toString());
        settings.put("sasl.jaas.config", jaasConfig(layout, secrets, job));
        directoryProvider(layout, settings);
        return settings;
    }

    /** The JAAS line of {@code job}: its password is a reference to its file, resolved by the client's {@code dir} provider. */
    static String jaasConfig(StackLayout layout, StackSecrets secrets, String job) {
        return ScramLogin.jaasConfig(secrets.kafkaUser(job), "${dir:" + passwordDir(layout) + ":" + job + ".password}");
    }

    /** Makes (or updates) every job's SCRAM credential and adds the ACLs of {@link #acls}; both are idempotent. */
    static String apply(Admin admin, StackLayout layout, StackSecrets secrets, boolean insecure) throws Exception {
        if (insecure) {
            return "INSECURE: no TLS, authentication or ACLs on the client listener (up --insecure)";
        }
        List<UserScramCredentialAlteration> users = new ArrayList<>();
        for (String job : StackSecrets.KAFKA_JOBS) {
            users.add(new UserScramCredentialUpsertion(secrets.kafkaUser(job),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), secrets.kafkaPassword(job)));
        }
        admin.alterUserScramCredentials(users).all().get(30, TimeUnit.SECONDS);
        List<AclBinding> acls = acls(layout, secrets);
        admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        return StackSecrets.KAFKA_JOBS.size() + " users, " + acls.size() + " ACLs";
    }

    /** Every job's ACLs. Topic names come from the apps' defaults and the connector files. */
    static List<AclBinding> acls(StackLayout layout, StackSecrets secrets) {
        Acls acls = new Acls(secrets);
        // Connect's worker and Debezium: the worker's group, internal topics and transactional ids
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
        for (StackConnectors.Spec spec : StackConnectors.ALL) {
            if (!spec.sink()) {
                continue;
            }
            ConnectClient.ConnectorFile connector = ConnectClient.ConnectorFile.read(layout.connectConfigs().resolve(spec.file()));
            acls.allow(spec.kafkaJob(), ResourceType.GROUP, "connect-" + connector.name(), PatternType.LITERAL, AclOperation.READ);
            for (String topic : connector.config().path("topics").asText().split("\\s*,\\s*")) {
                acls.allow(spec.kafkaJob(), ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ, AclOperation.DESCRIBE);
            }
            String deadLetters = connector.config().path("errors.deadletterqueue.topic.name").asText();
            if (!deadLetters.isEmpty()) {
                acls.allow(spec.kafkaJob(), ResourceType.TOPIC, deadLetters, PatternType.LITERAL,
                        AclOperation.CREATE, AclOperation.WRITE, AclOperation.DESCRIBE);
                sinkDeadLetters.add(deadLetters);
            }
        }

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
        private final StackSecrets secrets;
        private final List<AclBinding> bindings = new ArrayList<>();

        Acls(StackSecrets secrets) {
            this.secrets = secrets;
        }

        void allow(String job, ResourceType type, String name, PatternType pattern, AclOperation... operations) {
            if (!StackSecrets.KAFKA_JOBS.contains(job)) {
                throw new StackException("no Kafka account for " + job);
            }
            for (AclOperation operation : operations) {
                bindings.add(new AclBinding(new ResourcePattern(type, name, pattern),
                        new AccessControlEntry("User:" + secrets.kafkaUser(job), "*", operation, AclPermissionType.ALLOW)));
            }
        }
    }
}
