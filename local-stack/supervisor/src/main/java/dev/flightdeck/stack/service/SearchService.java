package dev.flightdeck.stack.service;

import dev.flightdeck.stack.ServiceId;
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
 * finds the services it reads through the stack's cluster profile, Redis's password file included.
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
        p.setProperty("cluster.profile", ctx.layout().profileFile().toString());
        p.setProperty("api.keys.file", dir.resolve("api-keys").toString());
        p.setProperty("api.key.file", apiKeyFile(ctx.layout()).toString());
        Files.createDirectories(dir);
        try (Writer w = Files.newBufferedWriter(configFile(ctx))) {
            p.store(w, "Written by flightdeck up; every option: search-service --help");
        }
        return "";
    }

    @Override
    public ServiceProcess.Launch launch(StackContext ctx) {
        List<String> command = new ArrayList<>(ctx.javaCommand(id(), "256m"));
        command.addAll(List.of("-cp", ctx.layout().searchServiceClasspath(), "dev.flightdeck.search.SearchServiceMain",
                configFile(ctx).toString()));
        return new ServiceProcess.Launch(command, Map.of(), ctx.serviceDir(id()), ctx.layout().logFile(id()));
    }

    @Override
    public HealthCheck health(StackContext ctx) {
        return ReadyEndpoint.at("http://127.0.0.1:" + ctx.port(id(), "ops"));
    }
}
