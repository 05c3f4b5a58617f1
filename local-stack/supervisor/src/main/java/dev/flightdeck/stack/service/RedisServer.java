package dev.flightdeck.stack.service;

import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackException;
import dev.flightdeck.stack.process.HealthCheck;
import dev.flightdeck.stack.process.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * Redis from the PATH ({@code redis-server}, Debian's redis-server package), with the stack's
 * generated password ({@code requirepass}). Append-only file on: the read model must survive a
 * restart, because the sink's committed offsets will not replay what Redis forgot.
 */
public final class RedisServer extends LocalService {

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
        // The password goes in a config file only the owner can read, never on the command line.
        Path config = dir.resolve("redis.conf");
        String text = String.join("\n",
                "port " + ctx.port(id(), "redis"), "bind 127.0.0.1", "protected-mode yes",
                "dir " + data, "appendonly yes", "appendfsync everysec", "save \"\"", "daemonize no", "logfile \"\"",
                "requirepass " + ctx.secrets().redisPassword(), "");
        privateFile(config, text);
        List<String> command = List.of(binary().toString(), config.toString());
        return new ServiceProcess.Launch(command, Map.of(), dir, ctx.layout().logFile(id()));
    }

    /** Redis from the PATH: Debian's redis-server package. */
    public static Path binary() {
        return SystemBinary.find("redis-server", "redis-server");
    }

    @Override
    public HealthCheck health(StackContext ctx) {
        int port = ctx.port(id(), "redis");
        return () -> {
            try (Jedis jedis = new Jedis("127.0.0.1", port, 2000)) {
                jedis.auth(ctx.secrets().redisPassword());
                return "PONG".equals(jedis.ping());
            }
        };
    }
}
