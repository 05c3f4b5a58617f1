package dev.flightdeck.stack.service;

import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackException;
import dev.flightdeck.stack.process.HealthCheck;
import dev.flightdeck.stack.process.ReadyEndpoint;
import dev.flightdeck.stack.process.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * A Prometheus exporter from Debian's packages that reads one store of the stack and serves its
 * metrics on a loopback port: MySQL, Redis or Elasticsearch. Credentials reach it in a file only
 * the owner can read or in its environment, never on its command line.
 */
public abstract sealed class MetricsExporter extends LocalService {

    private final ServiceId id;
    private final ServiceId store;
    private final String binary;
    private final String debianPackage;

    MetricsExporter(ServiceId id, ServiceId store, String binary, String debianPackage) {
        this.id = id;
        this.store = store;
        this.binary = binary;
        this.debianPackage = debianPackage;
    }

    @Override
    public final ServiceId id() {
        return id;
    }

    @Override
    public final List<PortSpec> ports() {
        return List.of(new PortSpec("metrics", "--" + id.key() + "-port"));
    }

    @Override
    public final List<ServiceId> requires() {
        return List.of(store);
    }

    /** The store moved (restarted on another port): the exporter must be given the new address. */
    @Override
    public final String outdated(StackContext ctx) {
        Path launched = ctx.serviceDir(id).resolve("store-address");
        try {
            String now = storeAddress(ctx);
            return Files.exists(launched) && !Files.readString(launched).equals(now) ? store + " is now at " + now : null;
        } catch (IOException | StackException e) {
            return null;
        }
    }

    @Override
    public final ServiceProcess.Launch launch(StackContext ctx) {
        Path dir = ctx.serviceDir(id);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("store-address"), storeAddress(ctx));
        } catch (IOException e) {
            throw new StackException("cannot write to " + dir + ": " + e.getMessage(), e);
        }
        String listen = "127.0.0.1:" + ctx.port(id, "metrics");
        return new ServiceProcess.Launch(command(ctx, SystemBinary.find(binary, debianPackage).toString(), listen),
                environment(ctx), dir, ctx.layout().logFile(id));
    }

    abstract String storeAddress(StackContext ctx);

    abstract List<String> command(StackContext ctx, String binary, String listen);

    Map<String, String> environment(StackContext ctx) {
        return Map.of();
    }

    @Override
    public final HealthCheck health(StackContext ctx) {
        return ReadyEndpoint.url("http://127.0.0.1:" + ctx.port(id, "metrics") + "/");
    }

    /** prometheus-mysqld-exporter with its own account (status and performance_schema only). */
    public static final class Mysql extends MetricsExporter {

        public Mysql() {
            super(ServiceId.MYSQL_EXPORTER, ServiceId.MYSQL, "prometheus-mysqld-exporter", "prometheus-mysqld-exporter");
        }

        @Override
        String storeAddress(StackContext ctx) {
            return "127.0.0.1:" + ctx.port(ServiceId.MYSQL, "mysql");
        }

        @Override
        List<String> command(StackContext ctx, String binary, String listen) {
            Path cnf = privateFile(ctx.serviceDir(id()).resolve("exporter.my.cnf"), String.join("\n", "[client]",
                    "host=127.0.0.1", "port=" + ctx.port(ServiceId.MYSQL, "mysql"),
                    "user=" + ctx.secrets().mysqlMonitorUser(), "password=" + ctx.secrets().mysqlMonitorPassword(), ""));
            return List.of(binary, "--web.listen-address=" + listen, "--config.my-cnf=" + cnf, "--log.format=json");
        }
    }

    /** prometheus-redis-exporter as Redis's monitor account (statistics, no keys); the password in its environment. */
    public static final class Redis extends MetricsExporter {

        public Redis() {
            super(ServiceId.REDIS_EXPORTER, ServiceId.REDIS, "prometheus-redis-exporter", "prometheus-redis-exporter");
        }

        @Override
        String storeAddress(StackContext ctx) {
            return ctx.endpoints().redisUrl();
        }

        @Override
        List<String> command(StackContext ctx, String binary, String listen) {
            return List.of(binary, "-web.listen-address", listen, "-redis.addr", storeAddress(ctx),
                    "-redis.user", ctx.secrets().redisMonitorUser(), "-log-format", "json");
        }

        @Override
        Map<String, String> environment(StackContext ctx) {
            return Map.of("REDIS_PASSWORD", ctx.secrets().redisMonitorPassword());
        }
    }

    /** prometheus-elasticsearch-exporter, with per-index statistics. */
    public static final class Elasticsearch extends MetricsExporter {

        public Elasticsearch() {
            super(ServiceId.ELASTICSEARCH_EXPORTER, ServiceId.ELASTICSEARCH, "prometheus-elasticsearch-exporter",
                    "prometheus-elasticsearch-exporter");
        }

        @Override
        String storeAddress(StackContext ctx) {
            return ctx.endpoints().elasticsearchUrl();
        }

        @Override
        List<String> command(StackContext ctx, String binary, String listen) {
            return List.of(binary, "--web.listen-address=" + listen, "--es.uri=" + storeAddress(ctx), "--es.indices",
                    "--log.format=json");
        }
    }
}
