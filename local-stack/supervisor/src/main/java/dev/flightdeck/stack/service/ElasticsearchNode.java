package dev.flightdeck.stack.service;

import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackException;
import dev.flightdeck.stack.process.HealthCheck;
import dev.flightdeck.stack.process.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real single-node Elasticsearch, in its own JVM (its Log4j and jars must not meet Kafka's). */
public final class ElasticsearchNode extends LocalService {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public ServiceId id() {
        return ServiceId.ELASTICSEARCH;
    }

    @Override
    public List<PortSpec> ports() {
        return List.of(new PortSpec("http", "--elasticsearch-port"));
    }

    @Override
    public ServiceProcess.Launch launch(StackContext ctx) {
        List<String> command = new ArrayList<>();
        command.add(StackContext.javaBinary());
        command.add("-Dflightdeck.service.dir=" + ctx.serviceDir(id()));
        command.add("-Dflightdeck.service=" + id().key());
        command.addAll(jvmOptions(ctx));
        command.addAll(ctx.javaProgram(ctx.layout().elasticsearchClasspath(), "dev.flightdeck.stack.elasticsearch.ElasticsearchNodeMain"));
        command.addAll(List.of("--home", ctx.serviceDir(id()).toString(),
                "--http-port", String.valueOf(ctx.port(id(), "http"))));
        return new ServiceProcess.Launch(command, Map.of(), ctx.serviceDir(id()), ctx.layout().logFile(id()));
    }

    /** The node module's own list of JVM flags (heap, native access), one per line. */
    private static List<String> jvmOptions(StackContext ctx) {
        try {
            return Files.readAllLines(ctx.layout().elasticsearchJvmOptions()).stream()
                    .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new StackException("cannot read " + ctx.layout().elasticsearchJvmOptions() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public HealthCheck health(StackContext ctx) {
        URI health = URI.create(ctx.endpoints().elasticsearchUrl() + "/_cluster/health");
        return () -> {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && !response.body().contains("\"status\":\"red\"");
        };
    }
}
