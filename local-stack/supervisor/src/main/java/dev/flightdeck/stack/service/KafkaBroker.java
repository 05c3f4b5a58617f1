package dev.flightdeck.stack.service;

import dev.flightdeck.ops.kafka.HangingTransactions;
import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackException;
import dev.flightdeck.stack.process.HealthCheck;
import dev.flightdeck.stack.process.Readiness;
import dev.flightdeck.stack.process.ServiceProcess;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    @Override
    public ServiceId id() {
        return ServiceId.KAFKA;
    }

    @Override
    public List<PortSpec> ports() {
        return List.of(new PortSpec("broker", "--kafka-port"), new PortSpec("controller", "--kafka-controller-port"),
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
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return "";
        }
        if (ctx.state().kafkaClusterId == null) {
            ctx.state().kafkaClusterId = Uuid.randomUuid().toString();
        }
        List<String> command = new ArrayList<>(ctx.javaCommand(id(), "256m"));
        command.addAll(List.of("-cp", ctx.layout().kafkaClasspath(), "kafka.tools.StorageTool", "format",
                "--cluster-id", ctx.state().kafkaClusterId, "--config", configFile(ctx).toString()));
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
        int controller = ctx.port(id(), "controller");
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controller);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + broker + ",CONTROLLER://127.0.0.1:" + controller);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + broker);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
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
        p.setProperty("auto.create.topics.enable", "true");
        Files.createDirectories(logDir.getParent());
        try (Writer w = Files.newBufferedWriter(configFile(ctx))) {
            p.store(w, "Written by flightdeck up: a single-node KRaft broker on loopback");
        }
    }

    @Override
    public ServiceProcess.Launch launch(StackContext ctx) {
        List<String> command = new ArrayList<>(ctx.javaCommand(id(), "512m"));
        command.add(ctx.jmxExporterAgent(id(), "kafka-broker.yml"));
        command.addAll(List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                "-cp", ctx.layout().kafkaClasspath(), "kafka.Kafka", configFile(ctx).toString()));
        return new ServiceProcess.Launch(command, Map.of(), ctx.serviceDir(id()), ctx.layout().logFile(id()));
    }

    @Override
    public HealthCheck health(StackContext ctx) {
        String bootstrap = ctx.endpoints().kafkaBootstrap();
        return () -> {
            try (Admin admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
                return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000))
                        .nodes().get(4, TimeUnit.SECONDS).isEmpty();
            }
        };
    }

    /** A broker stop can leave transactions hanging; the stack's readers would wait on them for ever. */
    @Override
    public String afterReady(StackContext ctx) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.endpoints().kafkaBootstrap()))) {
            return HangingTransactions.abortLeftOpen(admin, ctx.progress(), id().key());
        } catch (Exception e) {
            // Not fatal to the up: the stack may be fine; say what could not be checked.
            return "could not check for hanging transactions: " + (e.getMessage() != null ? e.getMessage() : e);
        }
    }

    @Override
    public Duration stopGrace() {
        return Duration.ofSeconds(45);
    }
}
