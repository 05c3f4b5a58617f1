package dev.flightdeck.database;

import com.mysql.cj.jdbc.MysqlDataSource;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MySQL database {@value #NAME}: creating and migrating it, and the accounts the booking
 * application and Debezium use.
 */
public final class FlightDatabase {

    /** The database (schema) name; every table of the flight-booking system lives in it. */
    public static final String NAME = "flights";

    static final String MIGRATIONS = "classpath:db/migration";

    // Where the accounts may connect from: anywhere, and 'localhost' explicitly, because MySQL
    // matches the most specific host first and an anonymous ''@'localhost' would otherwise win.
    /** Where the accounts may connect from when the caller does not narrow it: anywhere the server's network lets them. */
    public static final List<String> ANY_HOST = List.of("%", "localhost");
    /** The hosts of an account on the same machine as the server: its socket and loopback. */
    public static final List<String> THIS_HOST = List.of("localhost", "127.0.0.1");
    private static final List<String> KNOWN_HOSTS = List.of("%", "localhost", "127.0.0.1");
    private static final String AUTH_PLUGIN = "caching_sha2_password";
    private static final Pattern ACCOUNT_NAME = Pattern.compile("[A-Za-z0-9_]{1,32}");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&]*");
    private static final int ER_DBACCESS_DENIED_ERROR = 1044;
    private static final int ER_NONEXISTING_GRANT = 1141;
    /** Debezium's MySQL connector: the binlog (REPLICATION SLAVE/CLIENT), FLUSH for the snapshot (RELOAD), the databases. */
    public static final String CDC_SERVER_PRIVILEGES = "RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT";
    /** ... and the captured tables: read for the snapshot, locked when a global read lock is not available. */
    public static final String CDC_TABLE_PRIVILEGES = "SELECT, LOCK TABLES";
    private static final int ER_BAD_DB_ERROR = 1049;
    private static final int ER_NO_SUCH_TABLE = 1146;

    private static final Logger log = LoggerFactory.getLogger(FlightDatabase.class);

    private FlightDatabase() {
    }

    /**
     * A data source for a MySQL JDBC URL, with or without a database in it (connections switch
     * to {@value #NAME} themselves). Unless the URL says otherwise, sessions run in UTC and
     * batched inserts are rewritten into multi-row inserts.
     *
     * @throws IllegalArgumentException if the URL names another user or password: the driver
     *                                  would silently use the URL's
     */
    public static DataSource dataSource(String jdbcUrl, String user, String password) {
        Map<String, String> urlProperties = urlProperties(jdbcUrl);
        if (urlProperties.containsKey("user") && !urlProperties.get("user").equals(user)) {
            throw new IllegalArgumentException("the JDBC URL says user=" + urlProperties.get("user") + " but user "
                    + user + " was given; remove user (and password) from the URL");
        }
        if (urlProperties.containsKey("password") && !urlProperties.get("password").equals(password)) {
            throw new IllegalArgumentException("the JDBC URL carries a password other than the one given for user "
                    + user + "; remove password from the URL");
        }
        MysqlDataSource dataSource = new MysqlDataSource();
        try {
            dataSource.setRewriteBatchedStatements(true);
            dataSource.setServerTimezone("UTC"); // the old name of connectionTimeZone
            dataSource.setForceConnectionTimeZoneToSession(true);
        } catch (SQLException e) {
            throw new IllegalStateException("mysql-connector-j rejected a standard connection property", e);
        }
        dataSource.setURL(jdbcUrl);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    public static MigrationResult migrate(String jdbcUrl, String user, String password) {
        return migrate(dataSource(jdbcUrl, user, password));
    }

    /**
     * Creates the database if it does not exist and applies the pending Flyway migrations of
     * {@code db/migration}. Safe to run again and from several processes at once (Flyway takes
     * a MySQL named lock).
     */
    public static MigrationResult migrate(DataSource dataSource) {
        try (Connection connection = connect(dataSource); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS " + NAME
                    + " CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci");
        } catch (SQLException e) {
            throw new FlightDatabaseException("cannot create database " + NAME + " at " + describe(dataSource) + ": "
                    + reason(e) + "; the user needs the CREATE privilege", e);
        }
        Flyway flyway = Flyway.configure(FlightDatabase.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(NAME)
                .createSchemas(false)
                .locations(MIGRATIONS)
                .failOnMissingLocations(true)
                .load();
        MigrateResult result;
        try {
            result = flyway.migrate();
        } catch (FlywayException e) {
            throw new FlightDatabaseException("migrating database " + NAME + " at " + describe(dataSource)
                    + " failed: " + oneLine(e.getMessage()), e);
        }
        List<String> applied = result.migrations.stream()
                .map(migration -> "V" + migration.version + " " + migration.description)
                .toList();
        MigrationResult outcome = new MigrationResult(NAME, result.initialSchemaVersion,
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion, applied);
        log.info("database {} at schema version {} ({} migrations applied)", NAME, outcome.currentVersion(),
                applied.size());
        return outcome;
    }

    /**
     * Creates the two accounts of the platform if they are missing, and (re)sets their
     * passwords, so running it again with new passwords rotates them:
     * <ul>
     * <li>the booking application: SELECT, INSERT, UPDATE, DELETE on {@value #NAME};</li>
     * <li>Debezium: what its MySQL connector needs to snapshot and read the binlog.</li>
     * </ul>
     * Both use {@code caching_sha2_password} and are refused without TLS ({@code REQUIRE SSL}):
     * the application's rows and Debezium's binlog stream are the data itself.
     *
     * @param root a connection with the privilege to create users and grant
     * @param hosts where the accounts may connect from; the same accounts at other hosts are dropped
     */
    public static void ensureUsers(Connection root, List<String> hosts, String appUser, String appPassword, String cdcUser,
                                   String cdcPassword) {
        try {
            for (String host : KNOWN_HOSTS) {
                if (!hosts.contains(host)) {
                    dropIfExists(root, appUser, host);
                    dropIfExists(root, cdcUser, host);
                }
            }
            for (String host : hosts) {
                ensureAccount(root, appUser, host, appPassword, true);
                grant(root, "SELECT, INSERT, UPDATE, DELETE ON " + NAME + ".*", appUser, host);
                ensureAccount(root, cdcUser, host, cdcPassword, true);
                // What Debezium needs, no more: reading the binlog and the server's state (global
                // privileges by nature), and reading and locking the captured database's tables only.
                grant(root, CDC_SERVER_PRIVILEGES + " ON *.*", cdcUser, host);
                grant(root, CDC_TABLE_PRIVILEGES + " ON " + NAME + ".*", cdcUser, host);
                revokeIfGranted(root, CDC_TABLE_PRIVILEGES + " ON *.*", cdcUser, host);
            }
        } catch (SQLException e) {
            throw new FlightDatabaseException("cannot create the accounts " + appUser + " and " + cdcUser + ": "
                    + reason(e) + "; connect as a user with CREATE USER and GRANT OPTION (e.g. root)", e);
        }
        log.info("accounts {} (application) and {} (Debezium) are in place", appUser, cdcUser);
    }

    /**
     * The metrics exporter's account: the server's status and performance_schema, nothing of the
     * data (mysqld_exporter's documented minimum).
     */
    public static void ensureMonitoringUser(Connection root, List<String> hosts, String user, String password) {
        try {
            for (String host : KNOWN_HOSTS) {
                if (!hosts.contains(host)) {
                    dropIfExists(root, user, host);
                }
            }
            for (String host : hosts) {
                ensureAccount(root, user, host, password, false);
                grant(root, "PROCESS, REPLICATION CLIENT ON *.*", user, host);
                grant(root, "SELECT ON performance_schema.*", user, host);
            }
        } catch (SQLException e) {
            throw new FlightDatabaseException("cannot create the account " + user + ": " + reason(e)
                    + "; connect as a user with CREATE USER and GRANT OPTION (e.g. root)", e);
        }
    }

    private static void ensureAccount(Connection root, String user, String host, String password, boolean requireTls)
            throws SQLException {
        String account = account(user, host);
        String tls = requireTls ? " REQUIRE SSL" : " REQUIRE NONE";
        // The password goes in as a bound parameter so that no quoting can go wrong; the
        // driver inlines it (client-side prepared statement), which MySQL accepts here.
        for (String sql : List.of("CREATE USER IF NOT EXISTS " + account + " IDENTIFIED WITH " + AUTH_PLUGIN + " BY ?" + tls,
                "ALTER USER " + account + " IDENTIFIED WITH " + AUTH_PLUGIN + " BY ?" + tls)) {
            try (PreparedStatement statement = root.prepareStatement(sql)) {
                statement.setString(1, password);
                statement.execute();
            }
        }
    }

    /**
     * The first half of a rotation without refusals: the account takes {@code newPassword} and keeps
     * its current one (MySQL's dual passwords), so clients still holding the old one keep working
     * until they are restarted with the new; {@link #discardOldPassword} ends it.
     */
    public static void addPasswordKeepingCurrent(Connection root, String user, List<String> hosts, String newPassword) {
        try {
            for (String host : hosts) {
                // IDENTIFIED BY without WITH: the plugin and REQUIRE SSL stay as they are (RETAIN refuses a plugin change).
                try (PreparedStatement statement = root.prepareStatement(
                        "ALTER USER " + account(user, host) + " IDENTIFIED BY ? RETAIN CURRENT PASSWORD")) {
                    statement.setString(1, newPassword);
                    statement.execute();
                }
            }
        } catch (SQLException e) {
            throw new FlightDatabaseException("cannot give " + user + " a new password: " + reason(e), e);
        }
    }

    /** The second half of a rotation: from now on only the new password is accepted. */
    public static void discardOldPassword(Connection root, String user, List<String> hosts) {
        try (Statement statement = root.createStatement()) {
            for (String host : hosts) {
                statement.execute("ALTER USER " + account(user, host) + " DISCARD OLD PASSWORD");
            }
        } catch (SQLException e) {
            throw new FlightDatabaseException("cannot discard the old password of " + user + ": " + reason(e), e);
        }
    }

    /** The account at a host it may no longer connect from (e.g. {@code %} on a server narrowed to its own machine). */
    private static void dropIfExists(Connection root, String user, String host) throws SQLException {
        try (Statement statement = root.createStatement()) {
            statement.execute("DROP USER IF EXISTS " + account(user, host));
        }
    }

    /** Accounts made before least privilege had these on every database: taken back. */
    private static void revokeIfGranted(Connection root, String privileges, String user, String host) throws SQLException {
        try (Statement statement = root.createStatement()) {
            statement.execute("REVOKE " + privileges + " FROM " + account(user, host));
        } catch (SQLException e) {
            if (e.getErrorCode() != ER_NONEXISTING_GRANT) {
                throw e;
            }
        }
    }

    private static void grant(Connection root, String privileges, String user, String host) throws SQLException {
        try (Statement statement = root.createStatement()) {
            statement.execute("GRANT " + privileges + " TO " + account(user, host));
        }
    }

    private static String account(String user, String host) {
        if (!ACCOUNT_NAME.matcher(user).matches()) {
            throw new IllegalArgumentException("account name '" + user + "' must be 1-32 letters, digits or _");
        }
        return "'" + user + "'@'" + host + "'";
    }

    /** The {@code key=value} properties after the {@code ?} of a JDBC URL, keys in lower case. */
    static Map<String, String> urlProperties(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        Map<String, String> properties = new HashMap<>();
        if (query >= 0) {
            for (String pair : jdbcUrl.substring(query + 1).split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    properties.put(pair.substring(0, equals).toLowerCase(Locale.ROOT),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return properties;
    }

    /** A connection from the data source, or an error that says why there is none. */
    static Connection connect(DataSource dataSource) {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new FlightDatabaseException("cannot connect to " + describe(dataSource) + ": " + reason(e)
                    + connectHint(e), e);
        }
    }

    /**
     * A connection using database {@value #NAME}, which must be migrated; the error says to run
     * {@code ./flightdeck up} when it is not.
     */
    static Connection open(DataSource dataSource) {
        Connection connection = connect(dataSource);
        try {
            connection.setCatalog(NAME);
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT 1 FROM booking LIMIT 0").close();
            }
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            if (e.getErrorCode() == ER_BAD_DB_ERROR || e.getErrorCode() == ER_NO_SUCH_TABLE) {
                throw new FlightDatabaseException("the database " + NAME + " at " + describe(dataSource)
                        + " is not migrated (" + reason(e) + "): run ./flightdeck up", e);
            }
            String hint = e.getErrorCode() == ER_DBACCESS_DENIED_ERROR
                    ? "; the account needs SELECT, INSERT, UPDATE, DELETE on " + NAME + ".* (see FlightDatabase.ensureUsers)"
                    : "";
            throw new FlightDatabaseException("cannot use database " + NAME + " at " + describe(dataSource) + ": "
                    + reason(e) + hint, e);
        }
    }

    static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing a connection failed: {}", reason(e));
        }
    }

    /** The JDBC URL of the data source without any password in it, for messages. */
    static String describe(DataSource dataSource) {
        if (dataSource instanceof MysqlDataSource mysql) {
            return URL_PASSWORD.matcher(mysql.getURL()).replaceAll("$1***") + " as " + mysql.getUser();
        }
        return dataSource.toString();
    }

    /** The first line of an SQL error and of its network cause, if any. */
    static String reason(SQLException e) {
        String reason = oneLine(firstLine(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (!(cause instanceof SQLException) && cause.getMessage() != null
                    && !cause.getClass().getName().startsWith("com.mysql")) {
                return reason + " (" + cause.getClass().getSimpleName() + ": " + firstLine(cause.getMessage()) + ")";
            }
        }
        return reason;
    }

    private static String connectHint(SQLException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Public Key Retrieval is not allowed")) {
            return "; add allowPublicKeyRetrieval=true to the JDBC URL or connect with TLS";
        }
        if ("28000".equals(e.getSQLState())) {
            return "; check the user name and password";
        }
        if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
            return "; is MySQL running there? (./flightdeck up starts it)";
        }
        return "";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String oneLine(String message) {
        return message == null ? "no detail" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
