package dev.flightdeck.database;

import dev.flightdeck.database.FaultReport.BookingBurst;
import dev.flightdeck.database.FaultReport.FareSpike;
import dev.flightdeck.database.FaultReport.OverbookingAttempt;
import dev.flightdeck.database.Inventory.BookableFlight;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;

/**
 * Makes the three anomalies the platform must detect, each on one flight chosen at random, and
 * reports exactly what it did. Each injection uses a connection of its own.
 */
final class FaultInjector {

    // Overbooking: end at capacity + 5 % + 3 active bookings in the cabin.
    private static final double OVERBOOKING_SHARE = 0.05;
    private static final int OVERBOOKING_EXTRA = 3;
    // Burst: 100-200 bookings, spread evenly over this window, on a flight with room for them.
    private static final int BURST_MIN = 100;
    private static final int BURST_MAX = 200;
    private static final Duration BURST_WINDOW = Duration.ofSeconds(3);
    private static final int BURST_CANDIDATE_FLIGHTS = 30;
    // Cancellation burst: 50-100 confirmed bookings of one route, cancelled over the same window as a booking burst;
    // enough over cancellation.burst.min.count that a burst split by a window boundary still alerts in one of them.
    private static final int CANCELLATIONS_MIN = 50;
    private static final int CANCELLATIONS_MAX = 100;
    private static final BigDecimal FARE_SPIKE_FACTOR = BigDecimal.valueOf(3);
    // Faults target flights a while ahead, so that sales do not close on them meanwhile.
    private static final Duration MIN_LEAD_TIME = Duration.ofDays(1);

    private final DataSource dataSource;
    private final Inventory inventory;
    private final RandomGenerator random;
    private final RandomGenerator identifiers;
    private final Clock clock;
    private final BooleanSupplier stopping;

    /**
     * @param random      chooses flights, cabins, seats and passengers
     * @param identifiers draws booking references, which must not repeat those of earlier runs
     */
    FaultInjector(DataSource dataSource, Inventory inventory, RandomGenerator random, RandomGenerator identifiers,
                  Clock clock, BooleanSupplier stopping) {
        this.dataSource = dataSource;
        this.inventory = inventory;
        this.random = random;
        this.identifiers = identifiers;
        this.clock = clock;
        this.stopping = stopping;
    }

    FaultReport inject(Fault fault) throws SQLException {
        return switch (fault) {
            case OVERBOOKING -> overbooking();
            case BOOKING_BURST -> bookingBurst();
            case FARE_SPIKE -> fareSpike();
            case CANCELLATION_BURST -> cancellationBurst();
        };
    }

    synchronized OverbookingAttempt overbooking() throws SQLException {
        BookableFlight flight = flightWellAhead();
        List<CabinClass> cabins = List.copyOf(inventory.cabins(flight));
        CabinClass cabin = cabins.get(random.nextInt(cabins.size()));
        int capacity = inventory.seats(flight, cabin).size();
        try (Connection connection = transactional()) {
            int activeBefore = Inventory.activeBookings(connection, flight, cabin);
            int count = Math.max(0, capacity - activeBefore)
                    + (int) Math.ceil(capacity * OVERBOOKING_SHARE) + OVERBOOKING_EXTRA;
            BigDecimal fare = FareModel.cabinFare(Inventory.baseFare(connection, flight.id()), cabin, flight.distanceKm());
            List<Long> ids = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                ids.add(Bookings.insert(connection, identifiers, flight.id(), inventory.randomPassenger(random), cabin,
                        null, BookingState.CONFIRMED, fare, null));
            }
            connection.commit();
            return new OverbookingAttempt(clock.instant(), flight.id(), flight.flightNumber(), flight.departure(),
                    cabin, capacity, activeBefore, ids, Inventory.activeBookings(connection, flight, cabin));
        }
    }

    synchronized BookingBurst bookingBurst() throws SQLException {
        try (Connection connection = transactional()) {
            BookableFlight flight = null;
            Map<CabinClass, List<String>> free = Map.of();
            int freeCount = -1;
            for (int i = 0; i < BURST_CANDIDATE_FLIGHTS && freeCount < BURST_MAX; i++) {
                BookableFlight candidate = flightWellAhead();
                Map<CabinClass, List<String>> candidateFree = new EnumMap<>(CabinClass.class);
                for (CabinClass cabin : inventory.cabins(candidate)) {
                    candidateFree.put(cabin, inventory.freeSeats(connection, candidate, cabin));
                }
                int count = candidateFree.values().stream().mapToInt(List::size).sum();
                if (count > freeCount) {
                    flight = candidate;
                    free = candidateFree;
                    freeCount = count;
                }
            }
            connection.commit();
            int target = Math.min(freeCount, random.nextInt(BURST_MIN, BURST_MAX + 1));
            BigDecimal baseFare = Inventory.baseFare(connection, flight.id());
            RateLimiter pace = RateLimiter.perSecond(target / (BURST_WINDOW.toNanos() / 1e9));
            List<Long> ids = new ArrayList<>(target);
            Map<CabinClass, Integer> perCabin = new EnumMap<>(CabinClass.class);
            long started = System.nanoTime();
            while (ids.size() < target && !stopping.getAsBoolean()) {
                long wait = pace.reserve() - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                CabinClass cabin = pickCabinWithSeats(free);
                if (cabin == null) {
                    break;
                }
                BigDecimal fare = FareModel.bookedFare(FareModel.cabinFare(baseFare, cabin, flight.distanceKm()), random);
                // Each customer books in a transaction of their own, as they would on the website.
                Long id = Bookings.insertOnFreeSeat(connection, random, identifiers, free.get(cabin), flight.id(),
                        inventory.randomPassenger(random), cabin, BookingState.CONFIRMED, fare, null);
                connection.commit();
                if (id != null) {
                    ids.add(id);
                    perCabin.merge(cabin, 1, Integer::sum);
                }
            }
            return new BookingBurst(clock.instant(), flight.id(), flight.flightNumber(), flight.departure(), ids,
                    perCabin, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    synchronized FareSpike fareSpike() throws SQLException {
        BookableFlight flight = flightWellAhead();
        try (Connection connection = transactional()) {
            BigDecimal oldFare;
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT base_fare FROM flight WHERE id = ? FOR UPDATE")) {
                statement.setLong(1, flight.id());
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    oldFare = rows.getBigDecimal(1);
                }
            }
            BigDecimal newFare = oldFare.multiply(FARE_SPIKE_FACTOR).setScale(2, RoundingMode.HALF_UP);
            try (PreparedStatement statement = connection.prepareStatement("UPDATE flight SET base_fare = ? WHERE id = ?")) {
                statement.setBigDecimal(1, newFare);
                statement.setLong(2, flight.id());
                statement.executeUpdate();
            }
            connection.commit();
            return new FareSpike(clock.instant(), flight.id(), flight.flightNumber(), flight.departure(), oldFare,
                    newFare);
        }
    }

    synchronized FaultReport.CancellationBurst cancellationBurst() throws SQLException {
        BookableFlight flight = flightWellAhead();
        try (Connection connection = transactional()) {
            String route;
            List<Long> confirmed = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT b.id, f.origin, f.destination FROM flight chosen
                    JOIN flight f ON f.origin = chosen.origin AND f.destination = chosen.destination
                    JOIN booking b ON b.flight_id = f.id
                    WHERE chosen.id = ? AND b.status = 'CONFIRMED' AND f.departure_time > ?
                    ORDER BY b.id LIMIT ?""")) {
                statement.setLong(1, flight.id());
                statement.setObject(2, LocalDateTime.now(clock).plus(MIN_LEAD_TIME));
                statement.setInt(3, random.nextInt(CANCELLATIONS_MIN, CANCELLATIONS_MAX + 1));
                try (ResultSet rows = statement.executeQuery()) {
                    route = flight.flightNumber();
                    while (rows.next()) {
                        confirmed.add(rows.getLong(1));
                        route = rows.getString(2) + "-" + rows.getString(3);
                    }
                }
            }
            connection.commit();
            RateLimiter pace = RateLimiter.perSecond(Math.max(1, confirmed.size()) / (BURST_WINDOW.toNanos() / 1e9));
            List<Long> cancelled = new ArrayList<>(confirmed.size());
            long started = System.nanoTime();
            try (PreparedStatement cancel = connection.prepareStatement(
                    "UPDATE booking SET status = 'CANCELLED' WHERE id = ? AND status = 'CONFIRMED'")) {
                for (long id : confirmed) {
                    if (stopping.getAsBoolean()) {
                        break;
                    }
                    long wait = pace.reserve() - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    cancel.setLong(1, id);
                    boolean changed = cancel.executeUpdate() == 1; // other traffic may have cancelled it first
                    connection.commit();
                    if (changed) {
                        cancelled.add(id);
                    }
                }
            }
            return new FaultReport.CancellationBurst(clock.instant(), flight.id(), route, cancelled,
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private BookableFlight flightWellAhead() {
        LocalDateTime horizon = LocalDateTime.now(clock).plus(MIN_LEAD_TIME);
        BookableFlight flight = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            flight = inventory.randomFlight(random);
            if (flight != null && flight.departure().isAfter(horizon)) {
                return flight;
            }
        }
        if (flight == null) {
            throw new FlightDatabaseException("no flights on sale to inject a fault on: seed the database (./flightdeck up)");
        }
        return flight;
    }

    private CabinClass pickCabinWithSeats(Map<CabinClass, List<String>> free) {
        List<CabinClass> withSeats = free.entrySet().stream().filter(entry -> !entry.getValue().isEmpty())
                .map(Map.Entry::getKey).toList();
        if (withSeats.isEmpty()) {
            return null;
        }
        // Seats go roughly in proportion to what each cabin has left: mostly economy.
        int total = withSeats.stream().mapToInt(cabin -> free.get(cabin).size()).sum();
        int ticket = random.nextInt(total);
        for (CabinClass cabin : withSeats) {
            ticket -= free.get(cabin).size();
            if (ticket < 0) {
                return cabin;
            }
        }
        return withSeats.getLast();
    }

    private Connection transactional() throws SQLException {
        Connection connection = FlightDatabase.open(dataSource);
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        return connection;
    }
}
