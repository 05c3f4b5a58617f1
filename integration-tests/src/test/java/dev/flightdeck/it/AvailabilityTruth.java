package dev.flightdeck.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flightdeck.cdc.ConfluentAvroDecoder;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;

/**
 * A flight's availability reduced to what must agree everywhere: per cabin capacity, held,
 * confirmed and available, and the taken seats. Built from SQL (the truth), from the HTTP API
 * and from the flight-availability topic, so the three can be compared exactly.
 */
record AvailabilityTruth(Map<String, List<Integer>> cabins, List<String> takenSeats) {

    /** Seats in row order ("2A" before "10A"), whatever order a source lists them in. */
    static final Comparator<String> SEAT_ORDER = Comparator
            .comparingInt((String s) -> Integer.parseInt(s.replaceAll("\\D.*", "")))
            .thenComparing(Comparator.naturalOrder());

    /** Every flight's availability computed in SQL, in one consistent read. */
    static Map<Long, AvailabilityTruth> fromMysql(Connection db) throws SQLException {
        db.setAutoCommit(false);
        db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement s = db.createStatement()) {
            Map<String, Map<String, Integer>> capacity = new HashMap<>();
            try (ResultSet r = s.executeQuery("SELECT aircraft_type, cabin, COUNT(*) FROM seat_map GROUP BY aircraft_type, cabin")) {
                while (r.next()) {
                    capacity.computeIfAbsent(r.getString(1), k -> new TreeMap<>()).put(r.getString(2), r.getInt(3));
                }
            }
            Map<Long, Map<String, int[]>> places = new HashMap<>();
            Map<Long, String> aircraft = new HashMap<>();
            try (ResultSet r = s.executeQuery("SELECT id, aircraft_type FROM flight")) {
                while (r.next()) {
                    aircraft.put(r.getLong(1), r.getString(2));
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
            Map<Long, AvailabilityTruth> truth = new HashMap<>();
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
                List<String> seatList = new ArrayList<>(taken.getOrDefault(flight, List.of()));
                seatList.sort(SEAT_ORDER);
                truth.put(flight, new AvailabilityTruth(cabins, seatList));
            });
            return truth;
        } finally {
            db.setAutoCommit(true);
        }
    }

    /** From the HTTP API's JSON, or an Elasticsearch document's _source (the same field names). */
    static AvailabilityTruth fromJson(JsonNode flight) {
        Map<String, List<Integer>> cabins = new TreeMap<>();
        for (JsonNode c : flight.get("cabins")) {
            cabins.put(c.get("cabin").asText(), List.of(c.get("capacity").asInt(), c.get("held").asInt(),
                    c.get("confirmed").asInt(), c.get("available").asInt()));
        }
        List<String> seats = new ArrayList<>();
        flight.get("takenSeats").forEach(s -> seats.add(s.asText()));
        seats.sort(SEAT_ORDER);
        return new AvailabilityTruth(cabins, seats);
    }

    /** From the Redis sink's keys: the flight hash ("Y.capacity", …) and its set of taken seats. */
    static AvailabilityTruth fromRedis(Map<String, String> hash, java.util.Set<String> seatSet) {
        Map<String, List<Integer>> cabins = new TreeMap<>();
        for (String cabin : List.of("F", "J", "Y")) {
            if (hash.containsKey(cabin + ".capacity")) {
                cabins.put(cabin, List.of(Integer.parseInt(hash.get(cabin + ".capacity")), Integer.parseInt(hash.get(cabin + ".held")),
                        Integer.parseInt(hash.get(cabin + ".confirmed")), Integer.parseInt(hash.get(cabin + ".available"))));
            }
        }
        List<String> seats = new ArrayList<>(seatSet);
        seats.sort(SEAT_ORDER);
        return new AvailabilityTruth(cabins, seats);
    }

    /** From a flight-availability record (Avro, decoded with the registered writer schema). */
    static AvailabilityTruth fromAvro(GenericRecord value) {
        Map<String, List<Integer>> cabins = new TreeMap<>();
        for (Object o : (List<?>) value.get("cabins")) {
            GenericRecord c = (GenericRecord) o;
            cabins.put(c.get("cabin").toString(), List.of((Integer) c.get("capacity"), (Integer) c.get("held"),
                    (Integer) c.get("confirmed"), (Integer) c.get("available")));
        }
        List<String> seats = new ArrayList<>();
        ((List<?>) value.get("takenSeats")).forEach(s -> seats.add(s.toString()));
        seats.sort(SEAT_ORDER);
        return new AvailabilityTruth(cabins, seats);
    }

    /** The newest version of every flight on the topic (keys are Avro longs). */
    static void latestFromTopic(ConfluentAvroDecoder avro, org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> record,
                                Map<Long, Long> versions, Map<Long, AvailabilityTruth> into) {
        long flightId = (Long) avro.decode(record.key()).datum();
        if (record.value() == null) {
            into.remove(flightId);
            return;
        }
        GenericRecord value = avro.decode(record.value()).record();
        long version = (Long) value.get("version");
        if (version > versions.getOrDefault(flightId, -1L)) {
            versions.put(flightId, version);
            into.put(flightId, fromAvro(value));
        }
    }
}
