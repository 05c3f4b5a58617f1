package dev.flightdeck.database;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/** Writing {@code booking} rows the way the booking front end and the fault injector both do. */
final class Bookings {

    static final String ACTIVE_SEAT_KEY = "booking_active_seat";
    static final String REFERENCE_KEY = "booking_reference";

    // References are random; a clash with an existing one is rare and simply drawn again.
    private static final int REFERENCE_ATTEMPTS = 5;
    // A seat someone else takes between reading the free seats and booking: try another.
    static final int SEAT_ATTEMPTS = 3;

    private static final String INSERT = """
            INSERT INTO booking (reference, flight_id, passenger_id, cabin, seat_no, status, fare, currency,
                                 hold_expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, DATE_ADD(UTC_TIMESTAMP(3), INTERVAL ? MICROSECOND))""";

    private Bookings() {
    }

    /**
     * Inserts a booking and returns its id. {@code seatNo} may be null (no seat yet);
     * {@code holdTtl} is given exactly for HELD bookings; {@code identifiers} draws the reference.
     */
    static long insert(Connection connection, RandomGenerator identifiers, long flightId, long passengerId, CabinClass cabin,
                       String seatNo, BookingState status, BigDecimal fare, Duration holdTtl) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
            for (int attempt = 1; ; attempt++) {
                statement.setString(1, BookingReference.random(identifiers));
                statement.setLong(2, flightId);
                statement.setLong(3, passengerId);
                statement.setString(4, cabin.name());
                statement.setString(5, seatNo);
                statement.setString(6, status.name());
                statement.setBigDecimal(7, fare);
                statement.setString(8, FareModel.CURRENCY);
                if (holdTtl == null) {
                    statement.setNull(9, Types.BIGINT);
                } else {
                    statement.setLong(9, holdTtl.toNanos() / 1_000);
                }
                try {
                    statement.executeUpdate();
                } catch (SQLException e) {
                    if (SqlFailure.isDuplicateKey(e, REFERENCE_KEY) && attempt < REFERENCE_ATTEMPTS) {
                        continue;
                    }
                    throw e;
                }
                try (ResultSet keys = statement.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        }
    }

    /**
     * Books a random one of {@code freeSeats}, taking another if that one was taken meanwhile.
     * Booked and clashing seats are removed from the list. Returns the booking id, or null when
     * no seat could be had.
     */
    static Long insertOnFreeSeat(Connection connection, RandomGenerator random, RandomGenerator identifiers,
                                 List<String> freeSeats, long flightId, long passengerId, CabinClass cabin,
                                 BookingState status, BigDecimal fare, Duration holdTtl) throws SQLException {
        for (int attempt = 0; attempt < SEAT_ATTEMPTS && !freeSeats.isEmpty(); attempt++) {
            String seat = freeSeats.remove(random.nextInt(freeSeats.size()));
            try {
                return insert(connection, identifiers, flightId, passengerId, cabin, seat, status, fare, holdTtl);
            } catch (SQLException e) {
                if (!SqlFailure.isDuplicateKey(e, ACTIVE_SEAT_KEY)) {
                    throw e;
                }
            }
        }
        return null;
    }
}
