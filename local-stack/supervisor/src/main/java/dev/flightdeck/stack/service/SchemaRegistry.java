package dev.flightdeck.stack.service;

import dev.flightdeck.clients.BasicCredentials;
import dev.flightdeck.clients.ScramLogin;
import dev.flightdeck.clients.registry.RegistryClient;
import dev.flightdeck.ops.schema.PendingRuleRestores;
import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackSecrets;
import dev.flightdeck.stack.process.HealthCheck;
import dev.flightdeck.stack.process.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Apicurio Registry, which serves the Confluent Schema Registry API ({@code /apis/ccompat/v7}) and
 * keeps its schemas in a Kafka topic (kafkasql storage), so they survive restarts like the data.
 * Anyone may read schemas, subjects, rules and compatibility verdicts; registering a schema needs
 * a developer user (Debezium's converters, the Streams apps) and changing rules or deleting the
 * ops user, each with a password of its own.
 */
public final class SchemaRegistry extends LocalService {

    static final String COMPATIBILITY = "BACKWARD";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public ServiceId id() {
        return ServiceId.SCHEMA_REGISTRY;
    }

    @Override
    public List<PortSpec> ports() {
        return List.of(new PortSpec("http", "--registry-port"), new PortSpec("management", "--registry-management-port"),
                new PortSpec("metrics", "--registry-metrics-port"));
    }

    @Override
    public List<ServiceId> requires() {
        return List.of(ServiceId.KAFKA);
    }

    @Override
    public ServiceProcess.Launch launch(StackContext ctx) {
        // Quarkus reads config/application.properties from the working directory: the users stay off the command line.
        privateFile(ctx.serviceDir(id()).resolve("config").resolve("application.properties"),
                securityConfig(ctx.secrets()) + kafkaConfig(ctx));
        // Its live heap stayed under 45 MiB through the integration tests and the pipeline benchmark.
        List<String> command = new ArrayList<>(ctx.javaCommand(id(), "192m"));
        command.addAll(List.of(
                ctx.jmxExporterAgent(id(), "schema-registry.yml"),
                "-XX:TieredStopAtLevel=1", // starts in half the time; the registry is not on the hot path
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + ctx.port(id(), "http"),
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + ctx.port(id(), "management"),
                "-Dquarkus.http.access-log.enabled=false",
                // Flightdeck's JSON log lines (logging/FlightdeckLayout.json) from Quarkus's JSON console format.
                "-Dquarkus.banner.enabled=false",
                "-Dquarkus.log.console.json.enabled=true",
                "-Dquarkus.log.console.json.date-format=yyyy-MM-dd'T'HH:mm:ss.SSSX",
                "-Dquarkus.log.console.json.zone-id=UTC",
                "-Dquarkus.log.console.json.key-overrides=timestamp=time,logger-name=logger,thread-name=thread,stack-trace=exception",
                "-Dquarkus.log.console.json.excluded-keys=sequence,loggerClassName,threadId,mdc,ndc,hostName,processName,processId",
                "-Dquarkus.log.console.json.exception-output-type=formatted",
                "-Dquarkus.log.console.json.additional-field.service.value=" + id().key(),
                "-Dapicurio.storage.kind=kafkasql",
                "-Dapicurio.kafkasql.bootstrap.servers=" + ctx.endpoints().kafkaBootstrap(),
                // Start-up replays the journal with several polls; at the default 5 s each that took ~25 s.
                "-Dapicurio.kafkasql.consumer.poll.timeout=500"));
        command.addAll(ctx.classDataArchive("apicurio-registry"));
        command.addAll(List.of("-jar", ctx.layout().registryDir().resolve("quarkus-run.jar").toString()));
        return new ServiceProcess.Launch(command, Map.of(), ctx.serviceDir(id()), ctx.layout().logFile(id()));
    }

    /**
     * Basic authentication against Quarkus's embedded users, stored as SHA-256 digests of
     * {@code user:Quarkus:password} (the realm is fixed when Apicurio is built), and Apicurio's
     * roles: anonymous reads, {@code sr-developer} registers, {@code sr-admin} also changes rules.
     */
    static String securityConfig(StackSecrets secrets) {
        StringBuilder text = new StringBuilder("""
                # Written by flightdeck up from the stack's secrets; digests, not passwords.
                quarkus.http.auth.basic=true
                quarkus.security.users.embedded.enabled=true
                quarkus.security.users.embedded.plain-text=false
                quarkus.security.users.embedded.algorithm=digest-sha-256
                apicurio.auth.role-based-authorization=true
                apicurio.auth.anonymous-read-access.enabled=true
                """);
        user(text, secrets.registryOpsUser(), secrets.registryOpsPassword(), "sr-admin");
        user(text, secrets.registryCaptureUser(), secrets.registryCapturePassword(), "sr-developer");
        user(text, secrets.registryStreamsUser(), secrets.registryStreamsPassword(), "sr-developer");
        return text.toString();
    }

    /**
     * The kafkasql storage's clients log in as the registry's Kafka user. Quarkus would take a
     * {@code ${dir:...}} reference for its own expression syntax, so this file (mode 600) holds
     * the password itself.
     */
    static String kafkaConfig(StackContext ctx) {
        Map<String, String> settings = KafkaAccounts.clientSettings(ctx, "registry");
        settings.keySet().removeIf(key -> key.startsWith("config.providers"));
        if (settings.isEmpty()) {
            return ""; // up --insecure
        }
        settings.put("sasl.jaas.config", ScramLogin.jaasConfig(ctx.secrets().kafkaUser("registry"), ctx.secrets().kafkaPassword("registry")));
        StringBuilder text = new StringBuilder("apicurio.kafkasql.security.protocol=SASL_SSL\n");
        for (String client : List.of("producer", "consumer", "admin")) {
            settings.forEach((key, value) -> text.append("apicurio.kafkasql.").append(client).append('.').append(key)
                    .append('=').append(value.replace("\\", "\\\\")).append('\n'));
        }
        return text.toString();
    }

    private static void user(StringBuilder text, String user, String password, String role) {
        String digest = sha256Hex(user + ":Quarkus:" + password);
        text.append("quarkus.security.users.embedded.users.").append(user).append('=').append(digest).append('\n')
                .append("quarkus.security.users.embedded.roles.").append(user).append('=').append(role).append('\n');
    }

    @Override
    public HealthCheck health(StackContext ctx) {
        URI ready = URI.create("http://127.0.0.1:" + ctx.port(id(), "management") + "/health/ready");
        return () -> HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    /** Sets the global compatibility rule through the Confluent API and reads it back. */
    @Override
    public String afterReady(StackContext ctx) {
        StackSecrets secrets = ctx.secrets();
        RegistryClient registry = new RegistryClient(ctx.endpoints().schemaRegistryUrl(),
                new BasicCredentials(secrets.registryOpsUser(), secrets.registryOpsPassword()));
        registry.setGlobalCompatibility(COMPATIBILITY);
        List<String> restored = PendingRuleRestores.forThisUser().restore(registry);
        return "compatibility " + COMPATIBILITY + (restored.isEmpty() ? "" : "; " + String.join("; ", restored));
    }
}
