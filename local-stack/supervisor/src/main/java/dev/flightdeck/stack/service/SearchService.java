package dev.flightdeck.stack.service;

import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackEndpoints;
import dev.flightdeck.stack.StackLayout;
import dev.flightdeck.stack.process.HealthCheck;
import dev.flightdeck.stack.process.ReadyEndpoint;
import dev.flightdeck.stack.process.ServiceProcess;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The search service: web page and API on one loopback port, health and metrics on another. It
 * finds the services it reads through a cluster profile of its own that gives it Redis's reader
 * account and no other credentials.
 */
public final class SearchService extends LocalService {

    @Override
    public ServiceId id() {
        return ServiceId.SEARCH_SERVICE;
    }

    @Override
    public List<PortSpec> ports() {
        return List.of(new PortSpec("http", "--search-port"), new PortSpec("ops", "--search-ops-port"));
    }

    @Override
    public List<ServiceId> requires() {
        return List.of(ServiceId.ELASTICSEARCH, ServiceId.REDIS, ServiceId.KAFKA, ServiceId.SCHEMA_REGISTRY,
                ServiceId.SEAT_AVAILABILITY);
    }

    /** The key the service generates for the local user at its first start; {@code status} names this file. */
    public static Path apiKeyFile(StackLayout layout) {
        return layout.serviceDir(ServiceId.SEARCH_SERVICE).resolve("api-key");
    }

    private static Path configFile(StackContext ctx) {
        return ctx.serviceDir(ServiceId.SEARCH_SERVICE).resolve("search-service.properties");
    }

    /** The service's own config file, written anew each time (ports may have changed). */
    @Override
    public String prepare(StackContext ctx) throws IOException {
        Path dir = ctx.serviceDir(id());
        Properties p = new Properties();
        p.setProperty("http.listener", "127.0.0.1:" + ctx.port(id(), "http"));
        p.setProperty("ops.listener", "127.0.0.1:" + ctx.port(id(), "ops"));
        p.setProperty("cluster.profile", writeProfile(ctx, dir).toString());
        p.setProperty("api.keys.file", dir.resolve("api-keys").toString());
        p.setProperty("api.key.file", apiKeyFile(ctx.layout()).toString());
        Files.createDirectories(dir);
        try (Writer w = Files.newBufferedWriter(configFile(ctx))) {
            p.store(w, "Written by flightdeck up; every option: search-service --help");
        }
        return "";
    }

    /** What the service reads, and as whom: anonymous on the registry, the reader account on Redis. */
    private static Path writeProfile(StackContext ctx, Path dir) throws IOException {
        StackEndpoints endpoints = ctx.endpoints();
        Properties p = new Properties();
        p.setProperty(ClusterProfile.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
        KafkaAccounts.clientSettings(ctx, "search")
                .forEach((key, value) -> p.setProperty(ClusterProfile.KAFKA_PREFIX + key, value));
        p.setProperty(ClusterProfile.SCHEMA_REGISTRY_URL_CONFIG, endpoints.schemaRegistryUrl());
        p.setProperty(ClusterProfile.ELASTICSEARCH_URL_CONFIG, endpoints.elasticsearchUrl());
        p.setProperty(ClusterProfile.REDIS_URL_CONFIG, endpoints.redisUrl());
        p.setProperty(ClusterProfile.REDIS_USER_CONFIG, ctx.secrets().redisReaderUser());
        p.setProperty(ClusterProfile.REDIS_PASSWORD_FILE_CONFIG,
                privateFile(dir.resolve("redis.password"), ctx.secrets().redisReaderPassword()).toString());
        p.setProperty(ClusterProfile.SEAT_AVAILABILITY_URL_CONFIG, endpoints.seatAvailabilityUrl());
        Path profile = dir.resolve("search-profile.properties");
        Files.createDirectories(dir);
        try (Writer w = Files.newBufferedWriter(profile)) {
            p.store(w, "Written by flightdeck up: what the search service reads, and as whom");
        }
        return profile;
    }

    @Override
    public ServiceProcess.Launch launch(StackContext ctx) {
        // Its live heap stayed under 40 MiB at 500 searches/s in the search benchmark.
        List<String> command = new ArrayList<>(ctx.javaCommand(id(), "128m"));
        command.addAll(ctx.javaProgram(ctx.layout().searchServiceClasspath(), "dev.flightdeck.search.SearchServiceMain"));
        command.add(configFile(ctx).toString());
        return new ServiceProcess.Launch(command, Map.of(), ctx.serviceDir(id()), ctx.layout().logFile(id()));
    }

    @Override
    public HealthCheck health(StackContext ctx) {
        return ReadyEndpoint.at("http://127.0.0.1:" + ctx.port(id(), "ops"));
    }
}
