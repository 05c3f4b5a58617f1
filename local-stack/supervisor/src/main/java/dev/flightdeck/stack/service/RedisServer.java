package dev.flightdeck.stack.service;

import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackException;
import dev.flightdeck.stack.process.HealthCheck;
import dev.flightdeck.stack.process.ServiceProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * Redis, from the PATH ({@code redis-server}, e.g. Debian's redis-server package) or else the
 * Linux binary bundled in the embedded-redis jar. Append-only file on: the read model must
 * survive a restart, because the sink's committed offsets will not replay what Redis forgot.
 */
public final class RedisServer extends LocalService {

    private static final String BUNDLED = "redis-server-6.2.6-v5-linux-amd64";

    @Override
    public ServiceId id() {
        return ServiceId.REDIS;
    }

    @Override
    public List<PortSpec> ports() {
        return List.of(new PortSpec("redis", "--redis-port"));
    }

    @Override
    public ServiceProcess.Launch launch(StackContext ctx) {
        Path dir = ctx.serviceDir(id());
        Path data = dir.resolve("data");
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new StackException("cannot create " + data + ": " + e.getMessage(), e);
        }
        List<String> command = List.of(binary(ctx).toString(),
                "--port", String.valueOf(ctx.port(id(), "redis")), "--bind", "127.0.0.1",
                "--dir", data.toString(), "--appendonly", "yes", "--appendfsync", "everysec",
                "--save", "", "--daemonize", "no", "--protected-mode", "yes", "--logfile", "");
        return new ServiceProcess.Launch(command, Map.of(), dir, ctx.layout().logFile(id()));
    }

    public static Path binary(StackContext ctx) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Path bundled = ctx.layout().dataDir().resolve("bin").resolve(BUNDLED);
        if (!Files.isExecutable(bundled)) {
            try (InputStream in = RedisServer.class.getResourceAsStream("/" + BUNDLED)) {
                if (in == null) {
                    throw new StackException("no redis-server on the PATH and none bundled; install it: apt-get install redis-server");
                }
                Files.createDirectories(bundled.getParent());
                Files.copy(in, bundled, StandardCopyOption.REPLACE_EXISTING);
                bundled.toFile().setExecutable(true);
            } catch (IOException e) {
                throw new StackException("cannot unpack the bundled Redis to " + bundled + ": " + e.getMessage(), e);
            }
        }
        return bundled;
    }

    @Override
    public HealthCheck health(StackContext ctx) {
        int port = ctx.port(id(), "redis");
        return () -> {
            try (Jedis jedis = new Jedis("127.0.0.1", port, 2000)) {
                return "PONG".equals(jedis.ping());
            }
        };
    }
}
