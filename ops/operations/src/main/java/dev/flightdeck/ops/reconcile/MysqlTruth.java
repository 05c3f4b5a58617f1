package dev.flightdeck.ops.reconcile;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every flight's availability computed in SQL over bookings, flights and seat maps, in one
 * consistent read (REPEATABLE READ): what every read model must show once it has caught up.
 *
 * @param flights  per flight id, its counts
 * @param arrivals per flight id, its arrival time (read models may let arrived flights expire)
 */
public record MysqlTruth(Map<Long, FlightCounts> flights, Map<Long, Instant> arrivals) {

    public static MysqlTruth read(Connection db) throws SQLException {
        boolean autoCommit = db.getAutoCommit();
        int isolation = db.getTransactionIsolation();
        db.setAutoCommit(false);
        db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement s = db.createStatement()) {
            Map<String, Map<String, Integer>> capacity = new HashMap<>();
            try (ResultSet r = s.executeQuery("SELECT aircraft_type, cabin, COUNT(*) FROM seat_map GROUP BY aircraft_type, cabin")) {
                while (r.next()) {
                    capacity.computeIfAbsent(r.getString(1), k -> new TreeMap<>()).put(r.getString(2), r.getInt(3));
                }
            }
            Map<Long, String> aircraft = new HashMap<>();
            Map<Long, Instant> arrivals = new HashMap<>();
            Map<Long, Map<String, int[]>> places = new HashMap<>();
            try (ResultSet r = s.executeQuery("SELECT id, aircraft_type, arrival_time FROM flight")) {
                while (r.next()) {
                    aircraft.put(r.getLong(1), r.getString(2));
                    arrivals.put(r.getLong(1), r.getTimestamp(3).toInstant());
                    places.put(r.getLong(1), new TreeMap<>());
                }
            }
            try (ResultSet r = s.executeQuery("SELECT flight_id, cabin, SUM(status = 'HELD'), SUM(status = 'CONFIRMED') "
                    + "FROM booking WHERE status <> 'CANCELLED' GROUP BY flight_id, cabin")) {
                while (r.next()) {
                    places.get(r.getLong(1)).put(r.getString(2), new int[] {r.getInt(3), r.getInt(4)});
                }
            }
            Map<Long, List<String>> taken = new HashMap<>();
            try (ResultSet r = s.executeQuery("SELECT flight_id, seat_no FROM booking WHERE status <> 'CANCELLED' AND seat_no IS NOT NULL")) {
                while (r.next()) {
                    taken.computeIfAbsent(r.getLong(1), k -> new ArrayList<>()).add(r.getString(2));
                }
            }
            db.commit();
            Map<Long, FlightCounts> flights = new HashMap<>();
            aircraft.forEach((flight, type) -> {
                Map<String, List<Integer>> cabins = new TreeMap<>();
                Map<String, Integer> seats = capacity.getOrDefault(type, Map.of());
                Map<String, int[]> booked = places.get(flight);
                for (String cabin : List.of("F", "J", "Y")) {
                    int cap = seats.getOrDefault(cabin, 0);
                    int[] hc = booked.getOrDefault(cabin, new int[] {0, 0});
                    if (cap > 0 || hc[0] + hc[1] > 0) {
                        cabins.put(cabin, List.of(cap, hc[0], hc[1], cap - hc[0] - hc[1]));
                    }
                }
                flights.put(flight, new FlightCounts(cabins, taken.getOrDefault(flight, List.of())));
            });
            return new MysqlTruth(Map.copyOf(flights), Map.copyOf(arrivals));
        } finally {
            db.setAutoCommit(autoCommit);
            db.setTransactionIsolation(isolation);
        }
    }
}
