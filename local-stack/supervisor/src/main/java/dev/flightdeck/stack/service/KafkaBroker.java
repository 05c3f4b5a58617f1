package dev.flightdeck.stack.service;

import dev.flightdeck.ops.kafka.HangingTransactions;
import dev.flightdeck.ops.kafka.KafkaAccessPolicy;
import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackException;
import dev.flightdeck.stack.process.HealthCheck;
import dev.flightdeck.stack.process.Readiness;
import dev.flightdeck.stack.process.ServiceProcess;
import dev.flightdeck.stack.tls.StackCertificates;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * One Apache Kafka broker in KRaft mode (broker and controller in one process), started with
 * Kafka's own {@code kafka.Kafka} main. Single node, so every internal topic has one replica;
 * production runs three brokers with min.insync.replicas=2.
 */
public final class KafkaBroker extends LocalService {

    /**
     * Admin client settings for the stack's administrator (see {@link KafkaAccounts#adminSettings}).
     * For the supervisor only; every other client has a user of its own.
     */
    public static Map<String, Object> adminConfig(StackContext ctx) {
        ctx.certificates().clientKeystore(KafkaAccessPolicy.ADMIN_PRINCIPAL);
        Map<String, Object> config = new HashMap<>(KafkaAccounts.adminSettings(ctx.layout()));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + ctx.port(ServiceId.KAFKA, "internal"));
        return config;
    }

    @Override
    public ServiceId id() {
        return ServiceId.KAFKA;
    }

    @Override
    public List<PortSpec> ports() {
        return List.of(new PortSpec("broker", "--kafka-port"), new PortSpec("internal", "--kafka-internal-port"),
                new PortSpec("controller", "--kafka-controller-port"),
                new PortSpec("metrics", "--kafka-metrics-port"));
    }

    private static Path configFile(StackContext ctx) {
        return ctx.serviceDir(ServiceId.KAFKA).resolve("server.properties");
    }

    @Override
    public String prepare(StackContext ctx) throws Exception {
        Path dir = ctx.serviceDir(id());
        Path logDir = dir.resolve("data");
        writeConfig(ctx, logDir);
        KafkaAccounts.writePasswordFiles(ctx.layout(), ctx.secrets());
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return "";
        }
        if (ctx.state().kafkaClusterId == null) {
            ctx.state().kafkaClusterId = Uuid.randomUuid().toString();
        }
        List<String> command = new ArrayList<>(ctx.javaCommand(id(), "256m"));
        command.addAll(ctx.javaProgram(ctx.layout().kafkaClasspath(), "kafka.tools.StorageTool"));
        command.addAll(List.of("format", "--cluster-id", ctx.state().kafkaClusterId, "--config", configFile(ctx).toString()));
        Process format = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(ctx.layout().logFile(id()).toFile())).start();
        if (!format.waitFor(2, TimeUnit.MINUTES) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new StackException("formatting Kafka's log folder " + logDir + " failed"
                    + Readiness.logTail(ctx.layout().logFile(id())));
        }
        return "formatted a new KRaft log folder";
    }

    private void writeConfig(StackContext ctx, Path logDir) throws IOException {
        int broker = ctx.port(id(), "broker");
        int internal = ctx.port(id(), "internal");
        int controller = ctx.port(id(), "controller");
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controller);
        // Clients: TLS and SCRAM. The broker itself, its controller and the stack's admin: TLS with
        // client certificates (the principal is the certificate's CN), so that the SCRAM users and
        // ACLs can be made through the Admin API without a password on any command line.
        p.setProperty("listeners", "BROKER://127.0.0.1:" + broker + ",INTERNAL://127.0.0.1:" + internal
                + ",CONTROLLER://127.0.0.1:" + controller);
        p.setProperty("advertised.listeners", "BROKER://127.0.0.1:" + broker + ",INTERNAL://127.0.0.1:" + internal);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "INTERNAL");
        boolean insecure = ctx.state().kafkaInsecure;
        p.setProperty("listener.security.protocol.map", (insecure ? "BROKER:PLAINTEXT" : "BROKER:SASL_SSL") + ",INTERNAL:SSL,CONTROLLER:SSL");
        p.setProperty("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.setProperty("listener.name.broker.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.setProperty("listener.name.internal.ssl.client.auth", "required");
        p.setProperty("listener.name.controller.ssl.client.auth", "required");
        StackCertificates certificates = ctx.certificates();
        String password = ctx.secrets().tlsKeystorePassword();
        p.setProperty("ssl.keystore.type", "PKCS12");
        p.setProperty("ssl.keystore.location",
                certificates.serverKeystore(KafkaAccessPolicy.BROKER_PRINCIPAL, List.of("localhost"), List.of("127.0.0.1")).toString());
        p.setProperty("ssl.keystore.password", password);
        p.setProperty("ssl.key.password", password);
        p.setProperty("ssl.truststore.type", "PKCS12");
        p.setProperty("ssl.truststore.location", certificates.truststore().toString());
        p.setProperty("ssl.truststore.password", password);
        p.setProperty("ssl.principal.mapping.rules", "RULE:^CN=([^,]+)$/$1/,DEFAULT");
        if (!insecure) { // a PLAINTEXT client is ANONYMOUS: with --insecure nobody is checked
            p.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            p.setProperty("super.users", "User:" + KafkaAccessPolicy.BROKER_PRINCIPAL + ";User:" + KafkaAccessPolicy.ADMIN_PRINCIPAL);
            p.setProperty("allow.everyone.if.no.acl.found", "false");
        }
        p.setProperty("log.dirs", logDir.toString());
        // Three partitions per topic by default, so Streams apps can be scaled out to three instances.
        p.setProperty("num.partitions", "3");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "10");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "10");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Abort transactions of killed producers within a second of their timeout (default: 10 s later).
        p.setProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        // Topics are created by their owners, with their settings; a typo in a topic name is an error.
        p.setProperty("auto.create.topics.enable", "false");
        Files.createDirectories(logDir.getParent());
        privateFile(configFile(ctx), ""); // it holds the key stores' password
        try (Writer w = Files.newBufferedWriter(configFile(ctx))) {
            p.store(w, "Written by flightdeck up: a single-node KRaft broker on loopback");
        }
    }

    @Override
    public ServiceProcess.Launch launch(StackContext ctx) {
        List<String> command = new ArrayList<>(ctx.javaCommand(id(), "512m"));
        command.add(ctx.jmxExporterAgent(id(), "kafka-broker.yml"));
        command.addAll(List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20"));
        command.addAll(ctx.javaProgram(ctx.layout().kafkaClasspath(), "kafka.Kafka"));
        command.add(configFile(ctx).toString());
        return new ServiceProcess.Launch(command, Map.of(), ctx.serviceDir(id()), ctx.layout().logFile(id()));
    }

    @Override
    public HealthCheck health(StackContext ctx) {
        return () -> {
            Map<String, Object> config = adminConfig(ctx);
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
            try (Admin admin = Admin.create(config)) {
                return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000))
                        .nodes().get(4, TimeUnit.SECONDS).isEmpty();
            }
        };
    }

    /**
     * Every job's SCRAM user and ACLs, before any of them connects. Then: a broker stop can leave
     * transactions hanging; the stack's readers would wait on them for ever.
     */
    @Override
    public String afterReady(StackContext ctx) throws Exception {
        try (Admin admin = Admin.create(adminConfig(ctx))) {
            String accounts = KafkaAccounts.apply(admin, ctx.layout(), ctx.secrets(), ctx.state().kafkaInsecure);
            try {
                String aborted = HangingTransactions.abortLeftOpen(admin, ctx.progress(), id().key());
                return aborted.isEmpty() ? accounts : accounts + "; " + aborted;
            } catch (Exception e) {
                // Not fatal to the up: the stack may be fine; say what could not be checked.
                return accounts + "; could not check for hanging transactions: " + (e.getMessage() != null ? e.getMessage() : e);
            }
        }
    }

    @Override
    public Duration stopGrace() {
        return Duration.ofSeconds(45);
    }
}
