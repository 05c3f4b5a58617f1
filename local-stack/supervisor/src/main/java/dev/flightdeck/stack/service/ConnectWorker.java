package dev.flightdeck.stack.service;

import dev.flightdeck.cdc.AvroLimits;
import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackEndpoints;
import dev.flightdeck.stack.process.HealthCheck;
import dev.flightdeck.stack.process.ServiceProcess;
import dev.flightdeck.stack.tls.StackCertificates;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A Kafka Connect worker in distributed mode (Kafka's own {@code ConnectDistributed} main) with the
 * plugins on its {@code plugin.path}, as on a production cluster. {@link StackConnectors}
 * registers the connectors of {@code connect-configs/} through its REST API.
 */
public final class ConnectWorker extends LocalService {

    static final String WORKER_TEMPLATE = "connect-distributed.properties";
    /** The worker's own clients, then its connectors' producers, consumers and admin clients: each takes its settings apart. */
    private static final List<String> CLIENT_PREFIXES = List.of("", "producer.", "consumer.", "admin.");

    @Override
    public ServiceId id() {
        return ServiceId.CONNECT;
    }

    @Override
    public List<PortSpec> ports() {
        return List.of(new PortSpec("rest", "--connect-port"), new PortSpec("metrics", "--connect-metrics-port"));
    }

    @Override
    public List<ServiceId> requires() {
        return List.of(ServiceId.MYSQL, ServiceId.KAFKA, ServiceId.SCHEMA_REGISTRY);
    }

    /**
     * The worker is given the read-model stores' and Alertmanager's addresses, which the sinks' configs
     * refer to. It starts beside the registry: only its connectors' converters call the registry, and
     * no connector is registered before the registry is up.
     */
    @Override
    public List<ServiceId> launchesAfter() {
        return List.of(ServiceId.MYSQL, ServiceId.KAFKA, ServiceId.ELASTICSEARCH, ServiceId.REDIS, ServiceId.ALERTMANAGER);
    }

    private static Path workerFile(StackContext ctx) {
        return ctx.serviceDir(ServiceId.CONNECT).resolve("worker.properties");
    }

    /** The production worker file with only the machine-specific keys replaced. */
    @Override
    public String prepare(StackContext ctx) throws IOException {
        Properties worker = new Properties();
        try (Reader r = Files.newBufferedReader(ctx.layout().connectConfigs().resolve(WORKER_TEMPLATE))) {
            worker.load(r);
        }
        int rest = ctx.port(id(), "rest");
        worker.setProperty("bootstrap.servers", ctx.endpoints().kafkaBootstrap());
        // The worker and Debezium are the "connect" user; each sink overrides its clients' user at
        // registration (StackConnectors), as the Principal override policy allows. The worker's
        // producers, consumers and admin clients take no top-level settings: each prefix gets them.
        // They trust the CA through the same PKCS#12 trust store as the REST client below (a PEM
        // trust store takes no password, and the worker's top-level settings reach its admin clients).
        Map<String, String> kafka = KafkaAccounts.clientSettings(ctx, "connect");
        kafka.forEach((key, value) -> {
            if (!key.startsWith("config.providers") && !key.startsWith("ssl.truststore.")) {
                for (String prefix : CLIENT_PREFIXES) {
                    worker.setProperty(prefix + key, value);
                }
            }
        });
        // Connector configs name the password files of their users through the same provider.
        worker.setProperty("config.providers", worker.getProperty("config.providers") + ",dir");
        kafka.forEach((key, value) -> {
            if (key.startsWith("config.providers.dir.")) {
                worker.setProperty(key, value);
            }
        });
        // HTTPS with a certificate of the stack's CA for loopback: the REST API carries the Basic credentials.
        StackCertificates certificates = ctx.certificates();
        String password = ctx.secrets().tlsKeystorePassword();
        worker.setProperty("listeners", "https://127.0.0.1:" + rest);
        worker.setProperty("rest.advertised.listener", "https");
        worker.setProperty("listeners.https.ssl.keystore.type", "PKCS12");
        worker.setProperty("listeners.https.ssl.keystore.location",
                certificates.serverKeystore("connect", List.of("localhost"), List.of("127.0.0.1")).toString());
        worker.setProperty("listeners.https.ssl.keystore.password", password);
        worker.setProperty("listeners.https.ssl.key.password", password);
        // What the worker's own REST client (forwarding to the leader) and its Kafka clients trust.
        for (String prefix : CLIENT_PREFIXES) {
            worker.setProperty(prefix + "ssl.truststore.type", "PKCS12");
            worker.setProperty(prefix + "ssl.truststore.location", certificates.truststore().toString());
            worker.setProperty(prefix + "ssl.truststore.password", password);
        }
        worker.setProperty("rest.advertised.host.name", "127.0.0.1");
        worker.setProperty("rest.advertised.port", String.valueOf(rest));
        worker.setProperty("plugin.path", ctx.layout().connectPluginRoots().stream()
                .map(Path::toString).collect(Collectors.joining(",")));
        // One broker: one replica of each internal topic, and fewer partitions for a faster start.
        for (String topic : List.of("config", "offset", "status")) {
            worker.setProperty(topic + ".storage.replication.factor", "1");
        }
        worker.setProperty("offset.storage.partitions", "5");
        worker.setProperty("status.storage.partitions", "1");
        Files.createDirectories(ctx.serviceDir(id()));
        privateFile(workerFile(ctx), ""); // it holds the key store's password
        try (Writer w = Files.newBufferedWriter(workerFile(ctx))) {
            worker.store(w, "Written by flightdeck up from connect-configs/" + WORKER_TEMPLATE);
        }
        writeRestLogin(ctx);
        return "";
    }

    /**
     * The REST API's Basic authentication (the template's BasicAuthSecurityRestExtension): the JAAS
     * file naming the login module, and the users file it reads, readable by the owner only. The
     * module lets every request through when that file is empty, so it never is.
     */
    private static void writeRestLogin(StackContext ctx) throws IOException {
        Path dir = ctx.serviceDir(ServiceId.CONNECT);
        Properties users = new Properties();
        users.setProperty(ctx.secrets().connectUser(), ctx.secrets().connectPassword());
        Path usersFile = privateFile(dir.resolve("rest-users.properties"), "");
        try (Writer w = Files.newBufferedWriter(usersFile)) {
            users.store(w, "Connect REST users (user=password), written by flightdeck up from the stack's secrets");
        }
        Files.writeString(restJaasFile(ctx), "KafkaConnect {\n  " + BASIC_AUTH_LOGIN_MODULE + " required\n  file=\""
                + usersFile + "\";\n};\n");
    }

    static final String BASIC_AUTH_LOGIN_MODULE = "org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule";

    private static Path restJaasFile(StackContext ctx) {
        return ctx.serviceDir(ServiceId.CONNECT).resolve("rest-jaas.conf");
    }

    @Override
    public ServiceProcess.Launch launch(StackContext ctx) {
        List<String> command = new ArrayList<>(ctx.javaCommand(id(), "1g"));
        // A record that declares a 2 GiB string must fail its converter, not take the worker and Debezium down with an OOM.
        command.addAll(AvroLimits.jvmFlags());
        command.add(ctx.jmxExporterAgent(id(), "connect-worker.yml"));
        command.add("-Djava.security.auth.login.config=" + restJaasFile(ctx));
        command.addAll(List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20"));
        command.addAll(ctx.javaProgram(ctx.layout().kafkaClasspath(), "org.apache.kafka.connect.cli.ConnectDistributed"));
        command.add(workerFile(ctx).toString());
        return new ServiceProcess.Launch(command, connectorEnvironment(ctx), ctx.serviceDir(id()),
                ctx.layout().logFile(id()));
    }

    /** What connector configs refer to as ${env:...}: per-environment values and secrets. */
    public static Map<String, String> connectorEnvironment(StackContext ctx) {
        StackEndpoints endpoints = ctx.endpoints();
        Map<String, String> env = new HashMap<>(Map.of(
                "FLIGHTDECK_MYSQL_HOST", "127.0.0.1",
                "FLIGHTDECK_MYSQL_PORT", String.valueOf(ctx.port(ServiceId.MYSQL, "mysql")),
                "FLIGHTDECK_MYSQL_CDC_USER", ctx.secrets().mysqlCdcUser(),
                "FLIGHTDECK_MYSQL_CDC_PASSWORD", ctx.secrets().mysqlCdcPassword(),
                "FLIGHTDECK_KAFKA_BOOTSTRAP", endpoints.kafkaBootstrap(),
                "FLIGHTDECK_REGISTRY_URL", endpoints.apicurioRegistryUrl(),
                "FLIGHTDECK_REGISTRY_CAPTURE_USER", ctx.secrets().registryCaptureUser(),
                "FLIGHTDECK_REGISTRY_CAPTURE_PASSWORD", ctx.secrets().registryCapturePassword()));
        // The read-model stores start before the worker, so their addresses are known here.
        if (endpoints.redisUrl() != null) {
            env.put("FLIGHTDECK_REDIS_URL", endpoints.redisUrl());
            env.put("FLIGHTDECK_REDIS_USER", ctx.secrets().redisSinkUser());
            env.put("FLIGHTDECK_REDIS_PASSWORD", ctx.secrets().redisSinkPassword());
        }
        if (endpoints.elasticsearchUrl() != null) {
            env.put("FLIGHTDECK_ELASTICSEARCH_URL", endpoints.elasticsearchUrl());
        }
        if (endpoints.alertmanagerUrl() != null) {
            env.put("FLIGHTDECK_ALERTMANAGER_URL", endpoints.alertmanagerUrl());
        }
        return env;
    }

    @Override
    public HealthCheck health(StackContext ctx) {
        ConnectClient rest = ctx.connectClient();
        // /health (KIP-1017) turns 200 only once the worker has read its internal topics and joined
        // its group; the REST API answers (with stale data) well before that.
        return () -> rest.healthy() && rest.hasPlugin("io.debezium.connector.mysql.MySqlConnector");
    }

    @Override
    public Duration startTimeout() {
        return Duration.ofMinutes(3);
    }
}
