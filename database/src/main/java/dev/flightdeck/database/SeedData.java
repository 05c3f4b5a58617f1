package dev.flightdeck.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills an empty flights database with a realistic starting point: real airports, an aircraft
 * fleet with seat maps, a month of flights, passengers and bookings that make the flights look
 * partly sold. Everything is generated from a random seed, so a seed always gives the same data.
 */
public final class SeedData {

    private static final int BATCH_ROWS = 1_000;
    // Serialises concurrent seeders (two launchers at once): the second finds flights and stops.
    private static final String SEED_LOCK = FlightDatabase.NAME + ".seed";
    private static final Duration SEED_LOCK_WAIT = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(SeedData.class);

    private SeedData() {
    }

    /** {@link #seedIfEmpty(Connection, LocalDate, long, ProgressListener)} on a connection of its own. */
    public static SeedSummary seedIfEmpty(DataSource dataSource, LocalDate firstDepartureDay, long randomSeed,
                                          ProgressListener progress) {
        try (Connection connection = FlightDatabase.open(dataSource)) {
            return seedIfEmpty(connection, firstDepartureDay, randomSeed, progress);
        } catch (SQLException e) {
            throw new FlightDatabaseException("seeding database " + FlightDatabase.NAME + " at "
                    + FlightDatabase.describe(dataSource) + " failed: " + FlightDatabase.reason(e), e);
        }
    }

    /**
     * Seeds the migrated database in one transaction unless it already has flights, in which
     * case it changes nothing. Flights depart on the 30 days from {@code firstDepartureDay}
     * (local dates at their origin). Uses batched inserts: keep
     * {@code rewriteBatchedStatements=true} on the connection for speed.
     */
    public static SeedSummary seedIfEmpty(Connection connection, LocalDate firstDepartureDay, long randomSeed,
                                          ProgressListener progress) {
        return seedIfEmpty(connection, firstDepartureDay, randomSeed, progress, Clock.systemUTC());
    }

    static SeedSummary seedIfEmpty(Connection connection, LocalDate firstDepartureDay, long randomSeed,
                                   ProgressListener progress, Clock clock) {
        long started = System.nanoTime();
        try {
            String catalog = connection.getCatalog();
            boolean autoCommit = connection.getAutoCommit();
            connection.setCatalog(FlightDatabase.NAME);
            lock(connection);
            try {
                if (count(connection, "SELECT COUNT(*) FROM flight") > 0) {
                    SeedSummary existing = summarize(connection, false, Duration.ofNanos(System.nanoTime() - started));
                    log.info("database {} already has {} flights; not seeding", FlightDatabase.NAME, existing.flights());
                    return existing;
                }
                SeedPlan plan = SeedPlan.generate(firstDepartureDay, randomSeed, LocalDateTime.now(clock));
                connection.setAutoCommit(false);
                try {
                    write(connection, plan, progress);
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(autoCommit);
                }
                SeedSummary summary = summarize(connection, true, Duration.ofNanos(System.nanoTime() - started));
                log.info("seeded database {} with seed {}: {} airports, {} aircraft types, {} routes, {} flights from {}, "
                                + "{} passengers, {} bookings in {} ms", FlightDatabase.NAME, randomSeed, summary.airports(),
                        summary.aircraftTypes(), summary.routes(), summary.flights(), firstDepartureDay,
                        summary.passengers(), summary.bookings(), summary.elapsed().toMillis());
                return summary;
            } finally {
                unlock(connection);
                if (catalog != null) {
                    connection.setCatalog(catalog);
                }
            }
        } catch (SQLException e) {
            throw new FlightDatabaseException("seeding database " + FlightDatabase.NAME + " failed: "
                    + FlightDatabase.reason(e), e);
        }
    }

    private static void write(Connection connection, SeedPlan plan, ProgressListener progress) throws SQLException {
        // Reference rows somebody already added are kept as they are.
        insert(connection, "airports", plan.airports(), """
                INSERT INTO airport (code, name, city, country, time_zone, latitude, longitude)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE code = code""", (statement, airport) -> {
            statement.setString(1, airport.code());
            statement.setString(2, airport.name());
            statement.setString(3, airport.city());
            statement.setString(4, airport.country());
            statement.setString(5, airport.timeZone().getId());
            statement.setDouble(6, airport.latitude());
            statement.setDouble(7, airport.longitude());
        }, progress);
        insert(connection, "aircraft types", plan.fleet(), """
                INSERT INTO aircraft_type (code, manufacturer, model, range_km, cruise_speed_kmh)
                VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE code = code""", (statement, type) -> {
            statement.setString(1, type.code());
            statement.setString(2, type.manufacturer());
            statement.setString(3, type.model());
            statement.setInt(4, type.rangeKm());
            statement.setInt(5, type.cruiseSpeedKmh());
        }, progress);
        record TypedSeat(String aircraftType, LayoutSeat seat) {
        }
        List<TypedSeat> seats = new ArrayList<>();
        plan.fleet().forEach(type -> type.seats().forEach(seat -> seats.add(new TypedSeat(type.code(), seat))));
        insert(connection, "seat maps", seats, """
                INSERT INTO seat_map (aircraft_type, seat_no, cabin, seat_row, seat_letter)
                VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE seat_no = seat_no""", (statement, typed) -> {
            statement.setString(1, typed.aircraftType());
            statement.setString(2, typed.seat().seatNo());
            statement.setString(3, typed.seat().cabin().name());
            statement.setInt(4, typed.seat().row());
            statement.setString(5, String.valueOf(typed.seat().letter()));
        }, progress);

        insert(connection, "flights", plan.flights(), """
                INSERT INTO flight (flight_number, origin, destination, departure_time, arrival_time, aircraft_type,
                                    base_fare, currency)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", (statement, flight) -> {
            statement.setString(1, flight.flightNumber());
            statement.setString(2, flight.route().origin().code());
            statement.setString(3, flight.route().destination().code());
            statement.setObject(4, flight.departureUtc());
            statement.setObject(5, flight.arrivalUtc());
            statement.setString(6, flight.route().aircraft().code());
            statement.setBigDecimal(7, flight.baseFare());
            statement.setString(8, FareModel.CURRENCY);
        }, progress);
        Map<String, Long> flightIds = ids(connection, "SELECT flight_number, departure_time, id FROM flight",
                row -> row.getString(1) + "@" + row.getObject(2, LocalDateTime.class));
        long[] flightIdByIndex = plan.flights().stream()
                .mapToLong(flight -> flightIds.get(flight.flightNumber() + "@" + flight.departureUtc()))
                .toArray();

        insert(connection, "passengers", plan.passengers(), NewPassenger.INSERT,
                (statement, passenger) -> passenger.bind(statement), progress);
        Map<String, Long> passengerIds = ids(connection, "SELECT email, id FROM passenger", row -> row.getString(1));
        long[] passengerIdByIndex = plan.passengers().stream()
                .mapToLong(passenger -> passengerIds.get(passenger.email()))
                .toArray();

        insert(connection, "bookings", plan.bookings(), """
                INSERT INTO booking (reference, flight_id, passenger_id, cabin, seat_no, status, fare, currency,
                                     hold_expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", (statement, booking) -> {
            statement.setString(1, booking.reference());
            statement.setLong(2, flightIdByIndex[booking.flightIndex()]);
            statement.setLong(3, passengerIdByIndex[booking.passengerIndex()]);
            statement.setString(4, booking.cabin().name());
            statement.setString(5, booking.seatNo());
            statement.setString(6, booking.status().name());
            statement.setBigDecimal(7, booking.fare());
            statement.setString(8, FareModel.CURRENCY);
            statement.setObject(9, booking.holdExpiresAt(), Types.TIMESTAMP);
        }, progress);
    }

    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    @FunctionalInterface
    private interface KeyReader {
        String key(ResultSet row) throws SQLException;
    }

    private static <T> void insert(Connection connection, String stage, List<T> rows, String sql, Binder<T> binder,
                                   ProgressListener progress) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < rows.size(); i++) {
                binder.bind(statement, rows.get(i));
                statement.addBatch();
                if ((i + 1) % BATCH_ROWS == 0 || i == rows.size() - 1) {
                    statement.executeBatch();
                    progress.progress(stage, i + 1, rows.size());
                }
            }
        }
        log.debug("seeded {} {}", rows.size(), stage);
    }

    /** Maps each row's key (all but the last column) to its id (the last column). */
    private static Map<String, Long> ids(Connection connection, String sql, KeyReader key) throws SQLException {
        Map<String, Long> ids = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            int idColumn = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                ids.put(key.key(rows), rows.getLong(idColumn));
            }
        }
        return ids;
    }

    private static SeedSummary summarize(Connection connection, boolean seeded, Duration elapsed) throws SQLException {
        Map<String, Integer> seats = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT aircraft_type, COUNT(*) FROM seat_map GROUP BY aircraft_type ORDER BY aircraft_type")) {
            while (rows.next()) {
                seats.put(rows.getString(1), rows.getInt(2));
            }
        }
        return new SeedSummary(seeded,
                count(connection, "SELECT COUNT(*) FROM airport"),
                count(connection, "SELECT COUNT(*) FROM aircraft_type"),
                seats,
                count(connection, "SELECT COUNT(DISTINCT flight_number) FROM flight"),
                count(connection, "SELECT COUNT(*) FROM flight"),
                count(connection, "SELECT COUNT(*) FROM passenger"),
                count(connection, "SELECT COUNT(*) FROM booking"),
                elapsed);
    }

    private static int count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void lock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            statement.setString(1, SEED_LOCK);
            statement.setLong(2, SEED_LOCK_WAIT.toSeconds());
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next() || rows.getInt(1) != 1) {
                    throw new FlightDatabaseException("another process has been seeding database " + FlightDatabase.NAME
                            + " for over " + SEED_LOCK_WAIT.toMinutes() + " minutes (lock " + SEED_LOCK
                            + "); stop it or wait, then retry");
                }
            }
        }
    }

    private static void unlock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
            statement.setString(1, SEED_LOCK);
            statement.executeQuery().close();
        }
    }
}
