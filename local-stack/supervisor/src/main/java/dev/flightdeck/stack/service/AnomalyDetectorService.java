package dev.flightdeck.stack.service;

import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackEndpoints;
import dev.flightdeck.stack.process.HealthCheck;
import dev.flightdeck.stack.process.ReadyEndpoint;
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

/** The anomaly-detector Kafka Streams app, one instance, with its health and metrics endpoints on a loopback port. */
public final class AnomalyDetectorService extends LocalService {

    private static final String APPLICATION_ID = "anomaly-detector";
    private static final List<String> INPUT_TOPICS =
            List.of("cdc.flights.booking", "cdc.flights.flight", "cdc", "flight-availability");

    @Override
    public ServiceId id() {
        return ServiceId.ANOMALY_DETECTOR;
    }

    @Override
    public List<PortSpec> ports() {
        return List.of(new PortSpec("ops", "--anomaly-detector-port"));
    }

    /** seat-availability creates flight-availability, which the overbooking detector reads. */
    @Override
    public List<ServiceId> requires() {
        return List.of(ServiceId.KAFKA, ServiceId.SCHEMA_REGISTRY, ServiceId.CONNECT, ServiceId.SEAT_AVAILABILITY);
    }

    /**
     * Its config names Connect's address; it waits for flight-availability itself, so it starts
     * beside seat-availability, and catches up once seat-availability has.
     */
    @Override
    public List<ServiceId> launchesAfter() {
        return List.of(ServiceId.KAFKA, ServiceId.SCHEMA_REGISTRY, ServiceId.CONNECT);
    }

    @Override
    public boolean settlesAfterSnapshot() {
        return true;
    }

    @Override
    public List<ServiceId> settlesAfter() {
        return List.of(ServiceId.SEAT_AVAILABILITY);
    }

    private static Path configFile(StackContext ctx) {
        return ctx.serviceDir(ServiceId.ANOMALY_DETECTOR).resolve("anomaly-detector.properties");
    }

    /** The app's own config file, written anew each time (ports may have changed); thresholds stay at their documented defaults. */
    @Override
    public String prepare(StackContext ctx) throws IOException {
        StackEndpoints endpoints = ctx.endpoints();
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", endpoints.kafkaBootstrap());
        KafkaAccounts.clientSettings(ctx, "anomaly-detector")
                .forEach((key, value) -> p.setProperty("streams." + key, value));
        p.setProperty("schema.registry.url", endpoints.schemaRegistryUrl());
        p.setProperty("apicurio.registry.url", endpoints.apicurioRegistryUrl());
        registryWriter(ctx, id(), p);
        p.setProperty("connect.url", endpoints.connectUrl()); // a failed capture task raises CONNECTOR_FAILED
        p.setProperty("connect.user", ctx.secrets().connectUser());
        p.setProperty("connect.password.file", ctx.serviceDir(id()).resolve("connect.password").toString());
        p.setProperty("connect.ca.file", ctx.certificates().caPem().toString());
        p.setProperty("state.dir", ctx.serviceDir(id()).resolve("state").toString());
        p.setProperty("ops.listener", "127.0.0.1:" + ctx.port(id(), "ops"));
        p.setProperty("num.standby.replicas", "0"); // one instance here: a standby would have nowhere to live
        Files.createDirectories(ctx.serviceDir(id()));
        privateFile(ctx.serviceDir(id()).resolve("connect.password"), ctx.secrets().connectPassword());
        try (Writer w = Files.newBufferedWriter(configFile(ctx))) {
            p.store(w, "Written by flightdeck up; every option: anomaly-detector --help");
        }
        return "";
    }

    /** The app reads Kafka's and Connect's addresses once, at start; either may have moved since (a restart after a crash). */
    @Override
    public String outdated(StackContext ctx) {
        Properties running = new Properties();
        try (var reader = Files.newBufferedReader(configFile(ctx))) {
            running.load(reader);
        } catch (IOException e) {
            return "its config file cannot be read (" + e.getMessage() + ")";
        }
        StackEndpoints now = ctx.endpoints();
        if (!now.kafkaBootstrap().equals(running.getProperty("bootstrap.servers"))) {
            return "Kafka moved to " + now.kafkaBootstrap();
        }
        if (now.connectUrl() != null && !now.connectUrl().equals(running.getProperty("connect.url"))) {
            return "Connect moved to " + now.connectUrl();
        }
        return null;
    }

    @Override
    public ServiceProcess.Launch launch(StackContext ctx) {
        List<String> command = new ArrayList<>(ctx.javaCommand(id(), "384m"));
        command.addAll(List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20"));
        command.addAll(ctx.javaProgram(ctx.layout().anomalyDetectorClasspath(), "dev.flightdeck.anomalies.AnomalyDetectorApp"));
        command.add(configFile(ctx).toString());
        return new ServiceProcess.Launch(command, Map.of(), ctx.serviceDir(id()), ctx.layout().logFile(id()));
    }

    @Override
    public HealthCheck health(StackContext ctx) {
        return ReadyEndpoint.at("http://127.0.0.1:" + ctx.port(id(), "ops"));
    }

    /** Once up returns, an alert is raised within seconds of its cause, not after the snapshot's backlog. */
    @Override
    public String afterReady(StackContext ctx) throws Exception {
        return StreamsCatchUp.await(ctx, id(), APPLICATION_ID, INPUT_TOPICS);
    }

    @Override
    public Duration startTimeout() {
        return Duration.ofMinutes(3);
    }
}
