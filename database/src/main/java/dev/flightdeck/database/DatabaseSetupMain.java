package dev.flightdeck.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prepares a MySQL server for Flightdeck, as {@code up} does for the local one: the application's
 * and Debezium's accounts (least privilege), the schema (Flyway migrations) and, when asked, the
 * seed data. Idempotent: run it at every deployment. Passwords come from files, never argv.
 */
@Command(name = "database-setup", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Creates the accounts, migrates the flights schema and seeds it when empty.")
public final class DatabaseSetupMain implements Callable<Integer> {

    /** The seed of the demo data, the same as the local stack's, so both hold the same flights. */
    public static final long SEED = 20261125L;

    @Option(names = "--jdbc-url", required = true, paramLabel = "URL",
            description = "The server, without a database: jdbc:mysql://mysql:3306/?sslMode=REQUIRED")
    String jdbcUrl;

    @Option(names = "--admin-user", defaultValue = "root", paramLabel = "USER",
            description = "A user that may create users, grant and create the database (default: ${DEFAULT-VALUE}).")
    String adminUser;

    @Option(names = "--admin-password-file", required = true, paramLabel = "FILE", description = "The admin user's password.")
    Path adminPasswordFile;

    @Option(names = "--app-user", defaultValue = "flightdeck_app", paramLabel = "USER", description = "The booking application's account.")
    String appUser;

    @Option(names = "--app-password-file", required = true, paramLabel = "FILE")
    Path appPasswordFile;

    @Option(names = "--cdc-user", defaultValue = "flightdeck_cdc", paramLabel = "USER", description = "Debezium's account.")
    String cdcUser;

    @Option(names = "--cdc-password-file", required = true, paramLabel = "FILE")
    Path cdcPasswordFile;

    @Option(names = "--monitor-user", defaultValue = "flightdeck_monitor", paramLabel = "USER",
            description = "The MySQL exporter's account: server status and performance_schema only.")
    String monitorUser;

    @Option(names = "--monitor-password-file", paramLabel = "FILE",
            description = "Creates (or updates) the monitoring account with this password; without it there is none.")
    Path monitorPasswordFile;

    @Option(names = "--seed", description = "Seed demo airports, aircraft, flights, passengers and bookings when the schema is empty.")
    boolean seed;

    public static void main(String[] args) {
        SimulatorMain.configureLogging();
        System.exit(new CommandLine(new DatabaseSetupMain()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        String admin = secret(adminPasswordFile);
        try (Connection root = FlightDatabase.dataSource(jdbcUrl, adminUser, admin).getConnection()) {
            FlightDatabase.ensureUsers(root, FlightDatabase.ANY_HOST, appUser, secret(appPasswordFile), cdcUser,
                    secret(cdcPasswordFile));
            if (monitorPasswordFile != null) {
                FlightDatabase.ensureMonitoringUser(root, FlightDatabase.ANY_HOST, monitorUser, secret(monitorPasswordFile));
            }
        } catch (SQLException e) {
            throw new FlightDatabaseException("cannot connect to " + jdbcUrl + " as " + adminUser + ": " + FlightDatabase.reason(e), e);
        }
        MigrationResult migration = FlightDatabase.migrate(jdbcUrl, adminUser, admin);
        System.out.println("schema " + migration.currentVersion() + " (" + migration.applied().size() + " migrations applied now)");
        if (seed) {
            SeedSummary summary = SeedData.seedIfEmpty(FlightDatabase.dataSource(jdbcUrl, adminUser, admin),
                    LocalDate.now(ZoneOffset.UTC), SEED, (stage, done, total) -> System.out.printf("seeding %s %d/%d%n", stage, done, total));
            System.out.println(summary.seeded()
                    ? String.format("seeded %,d flights, %,d passengers, %,d bookings", summary.flights(), summary.passengers(), summary.bookings())
                    : "not seeded: the schema holds data already");
        }
        return 0;
    }

    /** A password file's content, refused when others may read it (a mounted secret is the owner's alone). */
    private static String secret(Path file) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.contains(PosixFilePermission.OTHERS_READ) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IllegalArgumentException(file + " may be read by others: chmod 600 " + file);
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
}
