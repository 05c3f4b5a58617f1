package dev.flightdeck.stack.service;

import dev.flightdeck.stack.ServiceId;
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
 * The consumer-lag exporter: every consumer group's lag, measured from the committed offsets, for
 * Prometheus. It finds Kafka through the stack's cluster profile, as any ops tool does.
 */
public final class LagExporterService extends LocalService {

    @Override
    public ServiceId id() {
        return ServiceId.LAG_EXPORTER;
    }

    @Override
    public List<PortSpec> ports() {
        return List.of(new PortSpec("http", "--lag-exporter-port"));
    }

    @Override
    public List<ServiceId> requires() {
        return List.of(ServiceId.KAFKA);
    }

    private static Path configFile(StackContext ctx) {
        return ctx.serviceDir(ServiceId.LAG_EXPORTER).resolve("lag-exporter.properties");
    }

    @Override
    public String prepare(StackContext ctx) throws IOException {
        Properties p = new Properties();
        p.setProperty("cluster.profile", ctx.layout().profileFile().toString());
        p.setProperty("http.listener", "127.0.0.1:" + ctx.port(id(), "http"));
        // The registry leaves a consumer group behind per start, empty and never caught up: not a lag anyone acts on.
        p.setProperty("groups.include", "(?!apicurio-).*");
        Files.createDirectories(ctx.serviceDir(id()));
        try (Writer w = Files.newBufferedWriter(configFile(ctx))) {
            p.store(w, "Written by flightdeck up");
        }
        return "";
    }

    @Override
    public ServiceProcess.Launch launch(StackContext ctx) {
        // Its live heap stayed under 20 MiB in the pipeline and search benchmarks.
        List<String> command = new ArrayList<>(ctx.javaCommand(id(), "64m"));
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(ctx.javaProgram(ctx.layout().lagExporterClasspath(), "dev.flightdeck.ops.lagexporter.LagExporterMain"));
        command.add(configFile(ctx).toString());
        return new ServiceProcess.Launch(command, Map.of(), ctx.serviceDir(id()), ctx.layout().logFile(id()));
    }

    @Override
    public HealthCheck health(StackContext ctx) {
        return ReadyEndpoint.at("http://127.0.0.1:" + ctx.port(id(), "http"));
    }
}
