package dev.flightdeck.database;

import dev.flightdeck.database.Inventory.BookableFlight;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One customer-facing session of the booking system: performs {@link Operation}s over its own
 * JDBC connection, inside the transaction the caller commits. Expected clashes with other
 * sessions (a seat just taken, a hold just expired) are handled here and counted as skips.
 */
final class BookingFrontEnd {

    private static final int RECENT_HOLDS = 20;
    private static final int EXPIRED_HOLDS_PER_SWEEP = 100;
    private static final double CABIN_CHANGE_SHARE = 0.1;
    private static final double MAX_FARE_MOVE = 0.05;
    private static final int EMAIL_ATTEMPTS = 3;
    private static final String PASSENGER_EMAIL_KEY = "passenger_email";
    private static final String PASSENGER_LOYALTY_KEY = "passenger_loyalty_number";

    private final Connection connection;
    private final Inventory inventory;
    private final PassengerGenerator people;
    private final Duration holdTtl;
    private final RandomGenerator random;
    private final RandomGenerator identifiers;

    /**
     * @param random      makes the customers' choices (seeded: the mix is repeatable)
     * @param identifiers draws what must be new in every run: booking references, email tags,
     *                    new passengers
     */
    BookingFrontEnd(Connection connection, Inventory inventory, PassengerGenerator people, Duration holdTtl,
                    RandomGenerator random, RandomGenerator identifiers) {
        this.connection = connection;
        this.inventory = inventory;
        this.people = people;
        this.holdTtl = holdTtl;
        this.random = random;
        this.identifiers = identifiers;
    }

    void perform(Operation operation, TransactionTally tally) throws SQLException {
        switch (operation) {
            case NEW_HOLD -> newHold(tally);
            case CONFIRM_HOLD -> confirmHold(tally);
            case EXPIRE_HOLDS -> expireHolds(tally);
            case CANCEL_BOOKING -> cancelBooking(tally);
            case CHANGE_SEAT -> changeSeat(tally);
            case CHANGE_FARE -> changeFare(tally);
            case EDIT_PASSENGER -> editPassenger(tally);
            case NEW_PASSENGER -> newPassenger(tally);
        }
    }

    private void newHold(TransactionTally tally) throws SQLException {
        BookableFlight flight = inventory.randomFlight(random);
        if (flight == null) {
            tally.skipped("sales-closed");
            return;
        }
        CabinClass cabin = inventory.randomCabin(flight, random);
        BigDecimal fare = currentFare(flight, cabin);
        if (fare == null) {
            tally.skipped("flight-gone");
            return;
        }
        if (!inventory.hasRoom(connection, flight, cabin)) {
            tally.skipped("cabin-full");
            return;
        }
        Long id = Bookings.insertOnFreeSeat(connection, random, identifiers, inventory.freeSeats(connection, flight, cabin),
                flight.id(), inventory.randomPassenger(random), cabin, BookingState.HELD, fare, holdTtl);
        if (id == null) {
            tally.skipped("cabin-full");
        } else {
            tally.changed(ChangeKind.BOOKING_HELD, 1);
        }
    }

    private void confirmHold(TransactionTally tally) throws SQLException {
        // Customers who held most recently are the ones still at the payment page.
        List<Long> holds = ids("""
                SELECT id FROM booking WHERE status = 'HELD' AND hold_expires_at > UTC_TIMESTAMP(3)
                ORDER BY hold_expires_at DESC LIMIT ?""", RECENT_HOLDS);
        if (holds.isEmpty()) {
            tally.skipped("no-hold");
            return;
        }
        int rows = update("""
                UPDATE booking SET status = 'CONFIRMED', hold_expires_at = NULL
                WHERE id = ? AND status = 'HELD' AND hold_expires_at > UTC_TIMESTAMP(3)""", pick(holds));
        if (rows == 0) {
            tally.skipped("hold-gone");
        }
        tally.changed(ChangeKind.HOLD_CONFIRMED, rows);
    }

    private void expireHolds(TransactionTally tally) throws SQLException {
        int rows = update("""
                DELETE FROM booking WHERE status = 'HELD' AND hold_expires_at <= UTC_TIMESTAMP(3)
                ORDER BY hold_expires_at LIMIT ?""", EXPIRED_HOLDS_PER_SWEEP);
        if (rows == 0) {
            tally.skipped("no-expired-hold");
        }
        tally.changed(ChangeKind.HOLD_EXPIRED, rows);
    }

    private void cancelBooking(TransactionTally tally) throws SQLException {
        BookableFlight flight = inventory.randomFlight(random);
        List<Long> confirmed = flight == null ? List.of()
                : ids("SELECT id FROM booking WHERE flight_id = ? AND status = 'CONFIRMED'", flight.id());
        if (confirmed.isEmpty()) {
            tally.skipped("nothing-to-cancel");
            return;
        }
        int rows = update("UPDATE booking SET status = 'CANCELLED' WHERE id = ? AND status = 'CONFIRMED'",
                pick(confirmed));
        if (rows == 0) {
            tally.skipped("booking-gone");
        }
        tally.changed(ChangeKind.BOOKING_CANCELLED, rows);
    }

    private void changeSeat(TransactionTally tally) throws SQLException {
        BookableFlight flight = inventory.randomFlight(random);
        record ActiveBooking(long id, CabinClass cabin) {
        }
        List<ActiveBooking> active = new ArrayList<>();
        if (flight != null) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT id, cabin FROM booking WHERE flight_id = ? AND status IN ('HELD', 'CONFIRMED')")) {
                statement.setLong(1, flight.id());
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        active.add(new ActiveBooking(rows.getLong(1), CabinClass.valueOf(rows.getString(2))));
                    }
                }
            }
        }
        if (active.isEmpty()) {
            tally.skipped("nothing-to-move");
            return;
        }
        ActiveBooking booking = active.get(random.nextInt(active.size()));
        CabinClass cabin = booking.cabin();
        BigDecimal newFare = null;
        if (random.nextDouble() < CABIN_CHANGE_SHARE && inventory.cabins(flight).size() > 1) {
            List<CabinClass> others = new ArrayList<>(inventory.cabins(flight));
            others.remove(booking.cabin());
            cabin = others.get(random.nextInt(others.size()));
            newFare = currentFare(flight, cabin);
            if (!inventory.hasRoom(connection, flight, cabin)) {
                tally.skipped("cabin-full");
                return;
            }
        }
        List<String> free = inventory.freeSeats(connection, flight, cabin);
        for (int attempt = 0; attempt < Bookings.SEAT_ATTEMPTS && !free.isEmpty(); attempt++) {
            String seat = free.remove(random.nextInt(free.size()));
            try (PreparedStatement statement = connection.prepareStatement("""
                    UPDATE booking SET seat_no = ?, cabin = ?, fare = COALESCE(?, fare)
                    WHERE id = ? AND status IN ('HELD', 'CONFIRMED')""")) {
                statement.setString(1, seat);
                statement.setString(2, cabin.name());
                statement.setBigDecimal(3, newFare);
                statement.setLong(4, booking.id());
                int rows = statement.executeUpdate();
                if (rows == 0) {
                    tally.skipped("booking-gone");
                }
                tally.changed(ChangeKind.SEAT_CHANGED, rows);
                return;
            } catch (SQLException e) {
                if (!SqlFailure.isDuplicateKey(e, Bookings.ACTIVE_SEAT_KEY)) {
                    throw e;
                }
            }
        }
        tally.skipped("cabin-full");
    }

    private void changeFare(TransactionTally tally) throws SQLException {
        BookableFlight flight = inventory.randomFlight(random);
        if (flight == null) {
            tally.skipped("sales-closed");
            return;
        }
        // A move in log space is as likely up as down by the same factor: fares do not drift.
        double factor = Math.exp(random.nextDouble(-MAX_FARE_MOVE, MAX_FARE_MOVE));
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE flight SET base_fare = GREATEST(ROUND(base_fare * ?, 2), ?) WHERE id = ?")) {
            statement.setDouble(1, factor);
            statement.setBigDecimal(2, FareModel.MINIMUM_FARE);
            statement.setLong(3, flight.id());
            tally.changed(ChangeKind.FARE_CHANGED, statement.executeUpdate());
        }
    }

    private void editPassenger(TransactionTally tally) throws SQLException {
        long passengerId = inventory.randomPassenger(random);
        int rows;
        if (random.nextBoolean()) {
            rows = update("UPDATE passenger SET phone = ? WHERE id = ?", PassengerGenerator.phone(random), passengerId);
        } else {
            rows = changeEmail(passengerId);
        }
        if (rows == 0) {
            tally.skipped("passenger-gone");
        }
        tally.changed(ChangeKind.PASSENGER_UPDATED, rows);
    }

    private int changeEmail(long passengerId) throws SQLException {
        String firstName;
        String lastName;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT first_name, last_name FROM passenger WHERE id = ?")) {
            statement.setLong(1, passengerId);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return 0;
                }
                firstName = rows.getString(1);
                lastName = rows.getString(2);
            }
        }
        for (int attempt = 1; ; attempt++) {
            String email = PassengerGenerator.email(firstName, lastName, uniqueTag(), random);
            try {
                return update("UPDATE passenger SET email = ? WHERE id = ?", email, passengerId);
            } catch (SQLException e) {
                if (!SqlFailure.isDuplicateKey(e, PASSENGER_EMAIL_KEY) || attempt == EMAIL_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void newPassenger(TransactionTally tally) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            NewPassenger passenger = people.next(identifiers, uniqueTag());
            try (PreparedStatement statement = connection.prepareStatement(NewPassenger.INSERT, Statement.RETURN_GENERATED_KEYS)) {
                passenger.bind(statement);
                statement.executeUpdate();
                try (ResultSet keys = statement.getGeneratedKeys()) {
                    keys.next();
                    long id = keys.getLong(1);
                    // Bookings may pick the new passenger only once it is committed.
                    tally.afterCommit(() -> inventory.passengerAdded(id));
                }
                tally.changed(ChangeKind.PASSENGER_CREATED, 1);
                return;
            } catch (SQLException e) {
                boolean clash = SqlFailure.isDuplicateKey(e, PASSENGER_EMAIL_KEY)
                        || SqlFailure.isDuplicateKey(e, PASSENGER_LOYALTY_KEY);
                if (!clash || attempt == EMAIL_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** What a booking in this cabin costs now, or null if the flight is gone. */
    private BigDecimal currentFare(BookableFlight flight, CabinClass cabin) throws SQLException {
        BigDecimal baseFare = Inventory.baseFare(connection, flight.id());
        return baseFare == null ? null
                : FareModel.bookedFare(FareModel.cabinFare(baseFare, cabin, flight.distanceKm()), random);
    }

    /** A short random tag that keeps generated email addresses apart, e.g. {@code k3x9q}. */
    private String uniqueTag() {
        return Long.toString(identifiers.nextLong(36L * 36 * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36 * 36), 36);
    }

    private long pick(List<Long> ids) {
        return ids.get(random.nextInt(ids.size()));
    }

    private List<Long> ids(String sql, long parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, parameter);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        }
    }

    private int update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }
}
