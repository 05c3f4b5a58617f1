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

/** The seat-availability Kafka Streams app, one instance, with its HTTP API on a loopback port. */
public final class SeatAvailabilityService extends LocalService {

    private static final String APPLICATION_ID = "seat-availability";
    private static final List<String> INPUT_TOPICS =
            List.of("cdc.flights.booking", "cdc.flights.flight", "cdc.flights.seat_map", "cdc.flights.aircraft_type");

    @Override
    public ServiceId id() {
        return ServiceId.SEAT_AVAILABILITY;
    }

    @Override
    public List<PortSpec> ports() {
        return List.of(new PortSpec("http", "--seat-availability-port"), new PortSpec("ops", "--seat-availability-ops-port"));
    }

    @Override
    public List<ServiceId> requires() {
        return List.of(ServiceId.KAFKA, ServiceId.SCHEMA_REGISTRY, ServiceId.CONNECT);
    }

    /** The app waits for its source topics itself, so it starts while Connect starts and Debezium snapshots. */
    @Override
    public List<ServiceId> launchesAfter() {
        return List.of(ServiceId.KAFKA, ServiceId.SCHEMA_REGISTRY);
    }

    @Override
    public boolean settlesAfterSnapshot() {
        return true;
    }

    private static Path configFile(StackContext ctx) {
        return ctx.serviceDir(ServiceId.SEAT_AVAILABILITY).resolve("seat-availability.properties");
    }

    /** The app's own config file, written anew each time (ports may have changed). */
    @Override
    public String prepare(StackContext ctx) throws IOException {
        StackEndpoints endpoints = ctx.endpoints();
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", endpoints.kafkaBootstrap());
        KafkaAccounts.clientSettings(ctx, "seat-availability")
                .forEach((key, value) -> p.setProperty("streams." + key, value));
        p.setProperty("schema.registry.url", endpoints.schemaRegistryUrl());
        p.setProperty("apicurio.registry.url", endpoints.apicurioRegistryUrl());
        registryWriter(ctx, id(), p);
        p.setProperty("state.dir", ctx.serviceDir(id()).resolve("state").toString());
        p.setProperty("http.listener", "127.0.0.1:" + ctx.port(id(), "http"));
        p.setProperty("ops.listener", "127.0.0.1:" + ctx.port(id(), "ops")); // health and metrics, apart from API load
        p.setProperty("num.standby.replicas", "0"); // one instance here: a standby would have nowhere to live
        // A second instance started by hand (or by a test) takes its share at once and restores it,
        // instead of warming up for the default 10-minute probing interval: stores here are small.
        p.setProperty("streams.acceptable.recovery.lag", "10000000");
        p.setProperty("streams.probing.rebalance.interval.ms", "60000");
        Files.createDirectories(ctx.serviceDir(id()));
        try (Writer w = Files.newBufferedWriter(configFile(ctx))) {
            p.store(w, "Written by flightdeck up; every option: seat-availability --help");
        }
        return "";
    }

    @Override
    public ServiceProcess.Launch launch(StackContext ctx) {
        List<String> command = new ArrayList<>(ctx.javaCommand(id(), "512m"));
        command.addAll(List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20"));
        command.addAll(ctx.javaProgram(ctx.layout().seatAvailabilityClasspath(), "dev.flightdeck.seats.SeatAvailabilityApp"));
        command.add(configFile(ctx).toString());
        return new ServiceProcess.Launch(command, Map.of(), ctx.serviceDir(id()), ctx.layout().logFile(id()));
    }

    @Override
    public HealthCheck health(StackContext ctx) {
        return ReadyEndpoint.at("http://127.0.0.1:" + ctx.port(id(), "ops"));
    }

    /**
     * Waits until the app has processed what Debezium has captured so far (after a fresh snapshot,
     * some 100k records), so that once {@code up} returns every flight can be queried.
     */
    @Override
    public String afterReady(StackContext ctx) throws Exception {
        return StreamsCatchUp.await(ctx, id(), APPLICATION_ID, INPUT_TOPICS);
    }

    @Override
    public Duration startTimeout() {
        return Duration.ofMinutes(3);
    }
}
