package dev.flightdeck.stack.service;

import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackException;
import dev.flightdeck.stack.StackSecrets;
import dev.flightdeck.stack.process.HealthCheck;
import dev.flightdeck.stack.process.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * Redis from the PATH ({@code redis-server}, Debian's redis-server package) with ACL users, the
 * default user out of reach: ops (everything), the sink (reads and writes keys under {@code flightdeck:}),
 * readers (read those keys), the exporter (statistics, no keys). Append-only file on: the read
 * model must survive a restart, because the sink's committed offsets will not replay what Redis forgot.
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
        Path users = privateFile(dir.resolve("users.acl"), aclFile(ctx.secrets()));
        Path config = dir.resolve("redis.conf");
        String text = String.join("\n",
                "port " + ctx.port(id(), "redis"), "bind 127.0.0.1", "protected-mode yes",
                "dir " + data, "appendonly yes", "appendfsync everysec", "save \"\"", "daemonize no", "logfile \"\"",
                "aclfile " + users, "");
        privateFile(config, text);
        List<String> command = List.of(binary().toString(), config.toString());
        return new ServiceProcess.Launch(command, Map.of(), dir, ctx.layout().logFile(id()));
    }

    /**
     * The users, with SHA-256 digests of their passwords rather than the passwords. Rules apply in
     * order: the categories first, then {@code -@dangerous} takes back what no client of ours needs
     * (FLUSHALL, KEYS, CONFIG SET, ...). The sink's Lua script runs under the sink's own rights.
     * The default user keeps every right behind a password nobody is given (a new random one at
     * each start): Redis 7.0 replays the append-only file's transactions as the default user, and
     * drops them when it may not run them, which would lose the read model at every restart.
     */
    static String aclFile(StackSecrets secrets) {
        byte[] unknowable = new byte[32];
        RANDOM.nextBytes(unknowable);
        return String.join("\n",
                "user default on #" + sha256Hex(HexFormat.of().formatHex(unknowable)) + " ~* &* +@all",
                "user " + secrets.redisUser() + " on #" + sha256Hex(secrets.redisPassword()) + " ~* &* +@all",
                "user " + secrets.redisSinkUser() + " on #" + sha256Hex(secrets.redisSinkPassword())
                        + " ~" + KEY_PREFIX + "* resetchannels -@all +@connection +@read +@write +@scripting -@dangerous",
                "user " + secrets.redisReaderUser() + " on #" + sha256Hex(secrets.redisReaderPassword())
                        + " ~" + KEY_PREFIX + "* resetchannels -@all +@connection +@read +@transaction -@dangerous",
                "user " + secrets.redisMonitorUser() + " on #" + sha256Hex(secrets.redisMonitorPassword())
                        + " resetchannels -@all +@connection +ping +info +config|get +slowlog|get +slowlog|len"
                        + " +latency|latest +latency|histogram +client|list +dbsize +memory|stats",
                "");
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The prefix of every key the pipeline's read model has; the sink and readers may touch no other. */
    public static final String KEY_PREFIX = "flightdeck:";

    /** Redis from the PATH: Debian's redis-server package. */
    public static Path binary() {
        return SystemBinary.find("redis-server", "redis-server");
    }

    @Override
    public HealthCheck health(StackContext ctx) {
        int port = ctx.port(id(), "redis");
        return () -> {
            try (Jedis jedis = new Jedis("127.0.0.1", port, 2000)) {
                jedis.auth(ctx.secrets().redisUser(), ctx.secrets().redisPassword());
                return "PONG".equals(jedis.ping());
            }
        };
    }
}
