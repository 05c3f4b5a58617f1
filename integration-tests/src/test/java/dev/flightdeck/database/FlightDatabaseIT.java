package dev.flightdeck.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import dev.flightdeck.it.SharedStack;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The schema, seed, accounts, simulator and faults against the real MySQL 8 of the shared test
 * stack (already migrated and seeded by {@code up}). It adds bookings and injected faults to
 * {@code flights}, and its own accounts, which it drops at the end.
 */
@ExtendWith(SharedStack.class)
class FlightDatabaseIT {

    private static String jdbcUrl;
    private static String adminUser;
    private static String adminPassword;
    private static final String APP_USER = "flightdeck_it_app";
    private static final String CDC_USER = "flightdeck_it_cdc";

    private static DataSource admin;
    private static MigrationResult firstMigration;
    private static SeedSummary firstSeed;

    @BeforeAll
    static void migrateAndSeed() {
        jdbcUrl = SharedStack.get().profile().mysqlJdbcUrl();
        adminUser = "root";
        adminPassword = SharedStack.get().driver().mysqlRootPassword();
        admin = FlightDatabase.dataSource(jdbcUrl, adminUser, adminPassword);
        firstMigration = FlightDatabase.migrate(admin);
        firstSeed = SeedData.seedIfEmpty(admin, LocalDate.now(ZoneOffset.UTC).plusDays(1), 42, ProgressListener.none());
    }

    @AfterAll
    static void dropTestAccounts() throws SQLException {
        // The accounts have passwords written in this file: they must not outlive the test.
        try (Connection root = admin.getConnection(); Statement statement = root.createStatement()) {
            for (String user : List.of(APP_USER, CDC_USER)) {
                statement.execute("DROP USER IF EXISTS '" + user + "'@'%', '" + user + "'@'localhost'");
            }
        }
    }

    @Test
    void shouldMigrateIdempotently() {
        MigrationResult again = FlightDatabase.migrate(admin);
        MigrationResult andAgain = FlightDatabase.migrate(jdbcUrl, adminUser, adminPassword);

        assertThat(firstMigration.currentVersion()).isNotBlank();
        assertThat(again.applied()).isEmpty();
        assertThat(andAgain.applied()).isEmpty();
        assertThat(andAgain.currentVersion()).isEqualTo(firstMigration.currentVersion());
        assertThat(andAgain.previousVersion()).isEqualTo(firstMigration.currentVersion());
    }

    @Test
    void shouldSeedOnceWithTheExpectedCounts() {
        SeedSummary again = SeedData.seedIfEmpty(admin, LocalDate.now(ZoneOffset.UTC), 7, ProgressListener.none());

        assertThat(again.seeded()).isFalse();
        assertThat(again.flights()).isEqualTo(firstSeed.flights());
        assertThat(firstSeed.airports()).isGreaterThanOrEqualTo(50);
        assertThat(firstSeed.aircraftTypes()).isGreaterThanOrEqualTo(4);
        assertThat(firstSeed.seatsPerAircraftType().values()).allSatisfy(seats -> assertThat(seats).isBetween(100, 400));
        assertThat(firstSeed.flights()).isGreaterThanOrEqualTo(500);
        assertThat(firstSeed.passengers()).isGreaterThanOrEqualTo(5_000);
        assertThat(firstSeed.bookings()).isGreaterThan(firstSeed.flights() * 10);
        assertThat(again.passengers()).isGreaterThanOrEqualTo(firstSeed.passengers());
    }

    @Test
    void shouldRejectADoubleBookedActiveSeatButNotACancelledOne() throws SQLException {
        try (Connection connection = transaction()) {
            ActiveSeat taken = anyActiveSeat(connection);

            assertThatThrownBy(() -> insertBooking(connection, taken.flightId(), taken.cabin(), taken.seatNo(),
                    "CONFIRMED", "100.00", null))
                    .isInstanceOf(SQLIntegrityConstraintViolationException.class)
                    .hasMessageContaining("booking_active_seat");
            insertBooking(connection, taken.flightId(), taken.cabin(), taken.seatNo(), "CANCELLED", "100.00", null);
            connection.rollback();
        }
    }

    @Test
    void shouldRejectNegativeFaresAndCircularFlights() throws SQLException {
        try (Connection connection = transaction()) {
            ActiveSeat any = anyActiveSeat(connection);

            assertThatThrownBy(() -> insertBooking(connection, any.flightId(), any.cabin(), null, "CONFIRMED", "-0.01", null))
                    .hasMessageContaining("booking_fare_not_negative");
            assertThatThrownBy(() -> execute(connection, "UPDATE flight SET base_fare = -1 WHERE id = " + any.flightId()))
                    .hasMessageContaining("flight_base_fare_not_negative");
            assertThatThrownBy(() -> execute(connection, """
                    INSERT INTO flight (flight_number, origin, destination, departure_time, arrival_time, aircraft_type, base_fare)
                    VALUES ('FD9999', 'FRA', 'FRA', '2030-01-01 10:00', '2030-01-01 11:00', 'A320', 99)"""))
                    .hasMessageContaining("flight_route_distinct");
            assertThatThrownBy(() -> execute(connection, """
                    INSERT INTO flight (flight_number, origin, destination, departure_time, arrival_time, aircraft_type, base_fare)
                    VALUES ('FD9999', 'FRA', 'MUC', '2030-01-01 10:00', '2030-01-01 09:00', 'A320', 99)"""))
                    .hasMessageContaining("flight_arrives_after_departure");
            connection.rollback();
        }
    }

    @Test
    void shouldRequireHoldsToExpireAndSeatsToExistInTheBookedCabin() throws SQLException {
        try (Connection connection = transaction()) {
            ActiveSeat any = anyActiveSeat(connection);

            assertThatThrownBy(() -> insertBooking(connection, any.flightId(), any.cabin(), null, "HELD", "10.00", null))
                    .hasMessageContaining("booking_hold_has_expiry");
            assertThatThrownBy(() -> insertBooking(connection, any.flightId(), any.cabin(), null, "CONFIRMED", "10.00",
                    LocalDateTime.now(ZoneOffset.UTC).plusMinutes(5)))
                    .hasMessageContaining("booking_hold_has_expiry");
            assertThatThrownBy(() -> insertBooking(connection, any.flightId(), any.cabin(), "99Z", "CONFIRMED", "10.00", null))
                    .hasMessageContaining("seat 99Z is not a " + any.cabin() + " cabin seat of flight " + any.flightId());
            connection.rollback();
        }
    }

    @Test
    void shouldGiveTheApplicationAndDebeziumAccountsWhatTheyNeed() throws SQLException {
        try (Connection root = admin.getConnection()) {
            FlightDatabase.ensureUsers(root, FlightDatabase.THIS_HOST, APP_USER, "app-pw-1", CDC_USER, "cdc-pw-1");
            // Running it again rotates the passwords.
            FlightDatabase.ensureUsers(root, FlightDatabase.THIS_HOST, APP_USER, "app 'pw' 2", CDC_USER, "cdc-pw-2");
        }
        try (Connection app = FlightDatabase.open(FlightDatabase.dataSource(credentialFreeUrl(), APP_USER, "app 'pw' 2"));
             Statement statement = app.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM flight")) {
                rows.next();
                assertThat(rows.getLong(1)).isPositive();
            }
            assertThatThrownBy(() -> statement.execute("CREATE TABLE not_allowed (id INT)"))
                    .hasMessageContaining("CREATE command denied");
        }
        try (Connection cdc = FlightDatabase.connect(FlightDatabase.dataSource(credentialFreeUrl(), CDC_USER, "cdc-pw-2"));
             Statement statement = cdc.createStatement();
             ResultSet grants = statement.executeQuery("SHOW GRANTS")) {
            java.util.List<String> lines = new java.util.ArrayList<>();
            while (grants.next()) {
                lines.add(grants.getString(1));
            }
            assertThat(lines).as("Debezium's privileges: the server's on *.*, the tables' on flights.* only")
                    .anySatisfy(grant -> assertThat(grant).contains("RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.*")
                            .doesNotContain("SELECT"))
                    .anySatisfy(grant -> assertThat(grant).contains("SELECT, LOCK TABLES ON `flights`.*"));
            assertThatThrownBy(() -> statement.executeQuery("SELECT COUNT(*) FROM mysql.user"))
                    .hasMessageContaining("command denied");
        }
        assertThatThrownBy(() -> FlightDatabase.connect(FlightDatabase.dataSource(credentialFreeUrl(), APP_USER, "app-pw-1")))
                .isInstanceOf(FlightDatabaseException.class)
                .hasMessageContaining("Access denied");
        // Both accounts require TLS: the right password over a plain connection is refused.
        String plain = credentialFreeUrl().replace("sslMode=REQUIRED", "sslMode=DISABLED&allowPublicKeyRetrieval=true");
        assertThat(plain).contains("sslMode=DISABLED");
        assertThatThrownBy(() -> FlightDatabase.connect(FlightDatabase.dataSource(plain, APP_USER, "app 'pw' 2")))
                .as("the application account without TLS").isInstanceOf(FlightDatabaseException.class)
                .hasMessageContaining("Access denied");
        assertThatThrownBy(() -> FlightDatabase.connect(FlightDatabase.dataSource(plain, CDC_USER, "cdc-pw-2")))
                .as("Debezium's account without TLS").isInstanceOf(FlightDatabaseException.class)
                .hasMessageContaining("Access denied");
    }

    @Test
    void shouldRunBookingTrafficWithoutFailures() throws Exception {
        try (Connection root = admin.getConnection()) {
            FlightDatabase.ensureUsers(root, FlightDatabase.THIS_HOST, APP_USER, "app-pw", CDC_USER, "cdc-pw");
        }
        DataSource app = FlightDatabase.dataSource(credentialFreeUrl(), APP_USER, "app-pw");
        SimulatorConfig config = SimulatorConfig.defaults().withRate(50).withDuration(Duration.ofSeconds(6))
                .withSeed(3).withHoldTtl(Duration.ofSeconds(1)).withProgressInterval(Duration.ofSeconds(2));
        BookingSimulator simulator = new BookingSimulator(app, config);

        simulator.start();
        assertThat(simulator.awaitTermination(Duration.ofSeconds(60))).isTrue();
        SimulatorStats stats = simulator.stats();

        assertThat(stats.errors()).isEmpty();
        // Pacing never runs ahead of the asked rate; how close it gets to it depends on the
        // machine's load, so that is printed, not asserted.
        System.out.printf("simulator: %d transactions, %.1f/s of 50/s asked%n", stats.transactions(), stats.transactionsPerSecond());
        assertThat(stats.transactions()).isBetween(1L, 320L);
        assertThat(stats.transactionsPerSecond()).isLessThanOrEqualTo(55.0);
        assertThat(stats.rowChanges()).allSatisfy((kind, rows) -> assertThat(rows).as(kind.name()).isPositive());
    }

    @Test
    void shouldOverbookExactlyAsReported() throws SQLException {
        FaultReport.OverbookingAttempt report;
        try (BookingSimulator simulator = new BookingSimulator(admin, SimulatorConfig.defaults().withSeed(11))) {
            report = simulator.injectOverbooking();
        }

        try (Connection connection = FlightDatabase.open(admin)) {
            int capacity = count(connection, "SELECT COUNT(*) FROM seat_map s JOIN flight f ON f.aircraft_type = s.aircraft_type"
                    + " WHERE f.id = " + report.flightId() + " AND s.cabin = '" + report.cabin() + "'");
            assertThat(report.capacity()).isEqualTo(capacity);
            assertThat(report.activeAfter()).isEqualTo(report.activeBefore() + report.bookingIds().size())
                    .isEqualTo(activeInCabin(connection, report.flightId(), report.cabin()));
            assertThat(report.activeAfter() - capacity)
                    .isEqualTo((int) Math.ceil(capacity * 0.05) + 3 + Math.max(0, report.activeBefore() - capacity));
            assertThat(bookingsByStatusSeatAndCabin(connection, report.bookingIds()))
                    .isEqualTo(Map.of("CONFIRMED/null/" + report.cabin() + "/" + report.flightId(), report.bookingIds().size()));
        }
    }

    @Test
    void shouldBurstBookingsExactlyAsReported() throws SQLException {
        FaultReport.BookingBurst report;
        try (BookingSimulator simulator = new BookingSimulator(admin, SimulatorConfig.defaults().withSeed(12))) {
            report = simulator.injectBookingBurst();
        }

        assertThat(report.bookingIds()).hasSizeBetween(100, 200);
        assertThat(report.took()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(8));
        try (Connection connection = FlightDatabase.open(admin)) {
            Map<CabinClass, Integer> perCabin = new EnumMap<>(CabinClass.class);
            List<String> seats = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT cabin, seat_no, status, flight_id FROM booking WHERE id = ?")) {
                for (long id : report.bookingIds()) {
                    statement.setLong(1, id);
                    try (ResultSet rows = statement.executeQuery()) {
                        assertThat(rows.next()).isTrue();
                        perCabin.merge(CabinClass.valueOf(rows.getString(1)), 1, Integer::sum);
                        seats.add(rows.getString(2));
                        assertThat(rows.getString(3)).isEqualTo("CONFIRMED");
                        assertThat(rows.getLong(4)).isEqualTo(report.flightId());
                    }
                }
            }
            assertThat(perCabin).isEqualTo(report.bookingsPerCabin());
            assertThat(seats).doesNotContainNull().doesNotHaveDuplicates();
        }
    }

    @Test
    void shouldSpikeAFareExactlyAsReported() throws SQLException {
        FaultReport.FareSpike report;
        try (BookingSimulator simulator = new BookingSimulator(admin, SimulatorConfig.defaults().withSeed(13))) {
            report = simulator.injectFareSpike();
        }

        assertThat(report.newFare()).isEqualByComparingTo(report.oldFare().multiply(BigDecimal.valueOf(3)));
        try (Connection connection = FlightDatabase.open(admin)) {
            assertThat(Inventory.baseFare(connection, report.flightId())).isEqualByComparingTo(report.newFare());
        }
    }

    private record ActiveSeat(long flightId, CabinClass cabin, String seatNo) {
    }

    private static Connection transaction() throws SQLException {
        Connection connection = FlightDatabase.open(admin);
        connection.setAutoCommit(false);
        return connection;
    }

    private static ActiveSeat anyActiveSeat(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT flight_id, cabin, active_seat FROM booking WHERE active_seat IS NOT NULL LIMIT 1")) {
            assertThat(rows.next()).as("a booking with a seat").isTrue();
            return new ActiveSeat(rows.getLong(1), CabinClass.valueOf(rows.getString(2)), rows.getString(3));
        }
    }

    private static void insertBooking(Connection connection, long flightId, CabinClass cabin, String seatNo, String status,
                                      String fare, LocalDateTime holdExpiresAt) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO booking (reference, flight_id, passenger_id, cabin, seat_no, status, fare, currency, hold_expires_at)
                VALUES (?, ?, (SELECT MIN(id) FROM passenger), ?, ?, ?, ?, 'EUR', ?)""")) {
            statement.setString(1, BookingReference.random(new SplittableRandom()));
            statement.setLong(2, flightId);
            statement.setString(3, cabin.name());
            statement.setString(4, seatNo);
            statement.setString(5, status);
            statement.setBigDecimal(6, new BigDecimal(fare));
            statement.setObject(7, holdExpiresAt);
            statement.executeUpdate();
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static int activeInCabin(Connection connection, long flightId, CabinClass cabin) throws SQLException {
        return count(connection, "SELECT COUNT(*) FROM booking WHERE flight_id = " + flightId + " AND cabin = '" + cabin
                + "' AND status IN ('HELD', 'CONFIRMED')");
    }

    private static Map<String, Integer> bookingsByStatusSeatAndCabin(Connection connection, List<Long> ids)
            throws SQLException {
        Map<String, Integer> groups = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT status, seat_no, cabin, flight_id FROM booking WHERE id = ?")) {
            for (long id : ids) {
                statement.setLong(1, id);
                try (ResultSet rows = statement.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    groups.merge(rows.getString(1) + "/" + rows.getString(2) + "/" + rows.getString(3) + "/"
                            + rows.getLong(4), 1, Integer::sum);
                }
            }
        }
        return groups;
    }

    /** The test URL without user and password, so that other accounts can log in with it. */
    private static String credentialFreeUrl() {
        return jdbcUrl.replaceAll("(?i)([?&])(user|password)=[^&]*&?", "$1").replaceAll("[?&]$", "");
    }
}
