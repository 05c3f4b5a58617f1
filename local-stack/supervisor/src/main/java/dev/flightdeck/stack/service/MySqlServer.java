package dev.flightdeck.stack.service;

import dev.flightdeck.database.FlightDatabase;
import dev.flightdeck.database.MigrationResult;
import dev.flightdeck.database.SeedData;
import dev.flightdeck.database.SeedSummary;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackEndpoints;
import dev.flightdeck.stack.StackException;
import dev.flightdeck.stack.StackSecrets;
import dev.flightdeck.stack.process.HealthCheck;
import dev.flightdeck.stack.process.Readiness;
import dev.flightdeck.stack.process.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real Oracle MySQL 8.0 server, with the binlog settings Debezium needs, holding the flights database. */
public final class MySqlServer extends LocalService {

    /** Seed of the generated flight data: the same data on every machine. */
    static final long SEED = 20261125L;

    @Override
    public ServiceId id() {
        return ServiceId.MYSQL;
    }

    @Override
    public List<PortSpec> ports() {
        return List.of(new PortSpec("mysql", "--mysql-port"));
    }

    private static Path dataDir(StackContext ctx) {
        return ctx.serviceDir(ServiceId.MYSQL).resolve("data");
    }

    @Override
    public String prepare(StackContext ctx) throws Exception {
        if (Files.isDirectory(dataDir(ctx).resolve("mysql"))) {
            return "";
        }
        Path dir = ctx.serviceDir(id());
        Files.createDirectories(dir);
        // Passwords are set while initialising, so the server never listens with an open root account.
        Path initFile = dir.resolve("init.sql");
        String root = ctx.secrets().mysqlRootPassword().replace("'", "''");
        Files.deleteIfExists(initFile);
        Files.createFile(initFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(initFile, String.join("\n",
                "ALTER USER 'root'@'localhost' IDENTIFIED BY '" + root + "';",
                "CREATE USER 'root'@'127.0.0.1' IDENTIFIED BY '" + root + "';",
                "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;", ""));
        try {
            List<String> command = new java.util.ArrayList<>(baseCommand(ctx));
            command.add("--initialize-insecure");
            command.add("--init-file=" + initFile);
            Process init = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(ctx.layout().logFile(id()).toFile()))
                    .start();
            if (!init.waitFor(3, TimeUnit.MINUTES) || init.exitValue() != 0) {
                init.destroyForcibly();
                throw new StackException("initialising MySQL's data folder " + dataDir(ctx) + " failed"
                        + Readiness.logTail(ctx.layout().logFile(id())));
            }
        } finally {
            Files.deleteIfExists(initFile);
        }
        return "initialised a new data folder";
    }

    private List<String> baseCommand(StackContext ctx) {
        Path base = ctx.layout().mysqlBaseDir();
        return List.of(base.resolve("bin/mysqld").toString(), "--no-defaults",
                "--basedir=" + base, "--datadir=" + dataDir(ctx), "--lc-messages-dir=" + base.resolve("share"),
                "--user=" + System.getProperty("user.name"));
    }

    @Override
    public ServiceProcess.Launch launch(StackContext ctx) {
        Path dir = ctx.serviceDir(id());
        List<String> command = new java.util.ArrayList<>(baseCommand(ctx));
        command.addAll(List.of(
                "--port=" + ctx.port(id(), "mysql"), "--bind-address=127.0.0.1", "--mysqlx=OFF",
                "--socket=" + socketPath(dir), "--pid-file=" + dir.resolve("mysqld.pid"),
                // What Debezium needs: row-based binlog with full row images, and GTIDs for safe resumption.
                "--server-id=1", "--log-bin=binlog", "--binlog-format=ROW", "--binlog-row-image=FULL",
                "--gtid-mode=ON", "--enforce-gtid-consistency=ON", "--binlog-expire-logs-seconds=604800",
                "--default-time-zone=+00:00", "--character-set-server=utf8mb4",
                // Small footprint for a laptop or a 2-core CI box; durability settings stay at their safe defaults.
                "--innodb-buffer-pool-size=256M", "--performance-schema=OFF", "--max-connections=300"));
        return new ServiceProcess.Launch(command, Map.of(), dir, ctx.layout().logFile(id()));
    }

    /** Unix socket paths are limited to ~107 bytes; deep checkouts fall back to /tmp. */
    private static Path socketPath(Path dir) {
        Path socket = dir.resolve("mysqld.sock");
        return socket.toString().length() < 100 ? socket
                : Path.of(System.getProperty("java.io.tmpdir"), "flightdeck-mysqld-" + Integer.toHexString(dir.hashCode()) + ".sock");
    }

    public static String adminUrl(StackContext ctx) {
        return StackEndpoints.jdbcUrl(ctx.port(ServiceId.MYSQL, "mysql"), "") + "&connectTimeout=2000";
    }

    @Override
    public HealthCheck health(StackContext ctx) {
        return () -> {
            try (Connection c = DriverManager.getConnection(adminUrl(ctx), "root", ctx.secrets().mysqlRootPassword());
                 Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT 1")) {
                return r.next();
            }
        };
    }

    @Override
    public String afterReady(StackContext ctx) throws Exception {
        StackSecrets secrets = ctx.secrets();
        try (Connection root = DriverManager.getConnection(adminUrl(ctx), "root", secrets.mysqlRootPassword())) {
            // Everything that uses these accounts runs on this machine, and the server listens on loopback only.
            FlightDatabase.ensureUsers(root, FlightDatabase.THIS_HOST, secrets.mysqlAppUser(), secrets.mysqlAppPassword(),
                    secrets.mysqlCdcUser(), secrets.mysqlCdcPassword());
            FlightDatabase.ensureMonitoringUser(root, FlightDatabase.THIS_HOST, secrets.mysqlMonitorUser(),
                    secrets.mysqlMonitorPassword());
        }
        MigrationResult migration = FlightDatabase.migrate(adminUrl(ctx), "root", secrets.mysqlRootPassword());
        SeedSummary seed = SeedData.seedIfEmpty(FlightDatabase.dataSource(adminUrl(ctx), "root", secrets.mysqlRootPassword()),
                LocalDate.now(ZoneOffset.UTC), SEED,
                (stage, done, total) -> ctx.progress().update("mysql", "seeding " + stage + " " + done + "/" + total));
        String schema = "schema " + migration.currentVersion()
                + (migration.migrationsApplied() > 0 ? " (" + migration.migrationsApplied() + " migrations applied)" : "");
        return seed.seeded()
                ? String.format("%s; seeded %,d flights, %,d passengers, %,d bookings in %s", schema, seed.flights(),
                        seed.passengers(), seed.bookings(), Progress.seconds(seed.elapsed()))
                : schema;
    }
}
