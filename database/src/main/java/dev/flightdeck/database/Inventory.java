package dev.flightdeck.database;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * What the booking front end knows without asking the database every time: the flights still
 * on sale, each aircraft type's seats, and the passenger ids. Seat availability is
 * always read fresh.
 */
final class Inventory {

    /** Sales close this long before departure. */
    static final Duration SALES_CUTOFF = Duration.ofHours(1);

    // Most seats sold are economy.
    private static final Map<CabinClass, Integer> CABIN_DEMAND = Map.of(CabinClass.F, 3, CabinClass.J, 12, CabinClass.Y, 85);

    /** A flight on sale, with what pricing and seat choice need. */
    record BookableFlight(long id, String flightNumber, LocalDateTime departure, String aircraftType,
                          double distanceKm) {
    }

    private final Clock clock;
    private final Map<String, Map<CabinClass, List<String>>> seatsByType;
    private volatile List<BookableFlight> flights;
    // The ids themselves, not a range: failed inserts and rollbacks leave gaps in AUTO_INCREMENT.
    private long[] passengerIds;
    private int passengerCount;

    private Inventory(Clock clock, Map<String, Map<CabinClass, List<String>>> seatsByType, List<BookableFlight> flights,
                      long[] passengerIds) {
        this.clock = clock;
        this.seatsByType = seatsByType;
        this.flights = flights;
        this.passengerIds = passengerIds;
        this.passengerCount = passengerIds.length;
    }

    static Inventory load(Connection connection, Clock clock) throws SQLException {
        Map<String, Map<CabinClass, List<String>>> seats = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT aircraft_type, cabin, seat_no FROM seat_map ORDER BY aircraft_type, seat_row, seat_letter")) {
            while (rows.next()) {
                seats.computeIfAbsent(rows.getString(1), type -> new EnumMap<>(CabinClass.class))
                        .computeIfAbsent(CabinClass.valueOf(rows.getString(2)), cabin -> new ArrayList<>())
                        .add(rows.getString(3));
            }
        }
        long[] passengerIds = passengerIds(connection);
        List<BookableFlight> flights = bookableFlights(connection, clock);
        if (flights.isEmpty() || passengerIds.length == 0) {
            throw new FlightDatabaseException("database " + FlightDatabase.NAME + " has no flights on sale (departing after "
                    + LocalDateTime.now(clock).plus(SALES_CUTOFF) + " UTC) or no passengers: seed it (./flightdeck up)");
        }
        return new Inventory(clock, seats, flights, passengerIds);
    }

    /**
     * Re-reads the flights on sale (departed ones drop out, schedule changes come in) and the
     * passengers (others may have added some).
     */
    void refresh(Connection connection) throws SQLException {
        List<BookableFlight> fresh = bookableFlights(connection, clock);
        if (!fresh.isEmpty()) {
            flights = fresh;
        }
        long[] ids = passengerIds(connection);
        synchronized (this) {
            passengerIds = ids;
            passengerCount = ids.length;
        }
    }

    private static long[] passengerIds(Connection connection) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM passenger ORDER BY id")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    private static List<BookableFlight> bookableFlights(Connection connection, Clock clock) throws SQLException {
        List<BookableFlight> flights = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT f.id, f.flight_number, f.departure_time, f.aircraft_type,
                       o.latitude, o.longitude, d.latitude, d.longitude
                FROM flight f
                JOIN airport o ON o.code = f.origin
                JOIN airport d ON d.code = f.destination
                WHERE f.departure_time > ? AND f.status IN ('SCHEDULED', 'DELAYED')
                ORDER BY f.id""")) {
            statement.setObject(1, LocalDateTime.now(clock).plus(SALES_CUTOFF));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    double distanceKm = Airport.distanceKm(rows.getDouble(5), rows.getDouble(6), rows.getDouble(7),
                            rows.getDouble(8));
                    flights.add(new BookableFlight(rows.getLong(1), rows.getString(2),
                            rows.getObject(3, LocalDateTime.class), rows.getString(4), distanceKm));
                }
            }
        }
        return List.copyOf(flights);
    }

    int flightsOnSale() {
        return flights.size();
    }

    /** A random flight still on sale, or null when sales have closed on all of them. */
    BookableFlight randomFlight(RandomGenerator random) {
        List<BookableFlight> current = flights;
        LocalDateTime closing = LocalDateTime.now(clock).plus(SALES_CUTOFF);
        for (int attempt = 0; attempt < 10; attempt++) {
            BookableFlight flight = current.get(random.nextInt(current.size()));
            if (flight.departure().isAfter(closing)) {
                return flight;
            }
        }
        return null;
    }

    Set<CabinClass> cabins(BookableFlight flight) {
        return seatsOf(flight).keySet();
    }

    List<String> seats(BookableFlight flight, CabinClass cabin) {
        return seatsOf(flight).getOrDefault(cabin, List.of());
    }

    /** A cabin of the flight's aircraft, chosen by typical demand: mostly economy. */
    CabinClass randomCabin(BookableFlight flight, RandomGenerator random) {
        Set<CabinClass> cabins = cabins(flight);
        int total = cabins.stream().mapToInt(CABIN_DEMAND::get).sum();
        int ticket = random.nextInt(total);
        for (CabinClass cabin : cabins) {
            ticket -= CABIN_DEMAND.get(cabin);
            if (ticket < 0) {
                return cabin;
            }
        }
        throw new AssertionError("no cabin drawn");
    }

    /** Active bookings (held or confirmed, with a seat or not) in the flight's cabin. */
    static int activeBookings(Connection connection, BookableFlight flight, CabinClass cabin) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT COUNT(*) FROM booking WHERE flight_id = ? AND cabin = ? AND status IN ('HELD', 'CONFIRMED')")) {
            statement.setLong(1, flight.id());
            statement.setString(2, cabin.name());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /**
     * Whether the cabin can take one more booking: fewer active bookings than seats. Bookings
     * without a seat count too (the seed and the airline's own overbooking make some), so free
     * seats alone would sell a cabin beyond its capacity. Locks the flight's row until the
     * transaction ends, so that two customers cannot both take the last place.
     */
    boolean hasRoom(Connection connection, BookableFlight flight, CabinClass cabin) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM flight WHERE id = ? FOR UPDATE")) {
            lock.setLong(1, flight.id());
            lock.executeQuery().close();
        }
        return activeBookings(connection, flight, cabin) < seats(flight, cabin).size();
    }

    /** The seats of the cabin no active booking holds right now, in seat-map order. */
    List<String> freeSeats(Connection connection, BookableFlight flight, CabinClass cabin) throws SQLException {
        Set<String> taken = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT active_seat FROM booking WHERE flight_id = ? AND active_seat IS NOT NULL")) {
            statement.setLong(1, flight.id());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    taken.add(rows.getString(1));
                }
            }
        }
        List<String> free = new ArrayList<>(seats(flight, cabin));
        free.removeAll(taken);
        return free;
    }

    /** The flight's current base fare, or null if it is gone. */
    static BigDecimal baseFare(Connection connection, long flightId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT base_fare FROM flight WHERE id = ?")) {
            statement.setLong(1, flightId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getBigDecimal(1) : null;
            }
        }
    }

    synchronized long randomPassenger(RandomGenerator random) {
        return passengerIds[random.nextInt(passengerCount)];
    }

    synchronized void passengerAdded(long id) {
        if (passengerCount == passengerIds.length) {
            passengerIds = Arrays.copyOf(passengerIds, passengerCount * 2 + 16);
        }
        passengerIds[passengerCount++] = id;
    }

    private Map<CabinClass, List<String>> seatsOf(BookableFlight flight) {
        Map<CabinClass, List<String>> seats = seatsByType.get(flight.aircraftType());
        if (seats == null) {
            throw new IllegalStateException("aircraft type " + flight.aircraftType() + " of flight " + flight.id()
                    + " has no seat map");
        }
        return seats;
    }
}
