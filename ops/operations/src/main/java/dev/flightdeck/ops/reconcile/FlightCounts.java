package dev.flightdeck.ops.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.generic.GenericRecord;

/**
 * A flight's availability reduced to what must agree everywhere: per cabin (F, J, Y) capacity,
 * held, confirmed and available, and the taken seats in row order. Built from SQL (the truth) and
 * from each read model, so that they compare exactly.
 */
public record FlightCounts(Map<String, List<Integer>> cabins, List<String> takenSeats) {

    /** Seats in row order ("2A" before "10A"), whatever order a source lists them in. */
    static final Comparator<String> SEAT_ORDER = Comparator
            .comparingInt((String s) -> Integer.parseInt(s.replaceAll("\\D.*", "")))
            .thenComparing(Comparator.naturalOrder());

    public FlightCounts {
        cabins = Map.copyOf(new TreeMap<>(cabins));
        List<String> seats = new ArrayList<>(takenSeats);
        seats.sort(SEAT_ORDER);
        takenSeats = List.copyOf(seats);
    }

    /** From seat-availability's HTTP API, or an Elasticsearch document's _source (the same field names). */
    public static FlightCounts fromJson(JsonNode flight) {
        Map<String, List<Integer>> cabins = new TreeMap<>();
        for (JsonNode c : flight.get("cabins")) {
            cabins.put(c.get("cabin").asText(), List.of(c.get("capacity").asInt(), c.get("held").asInt(),
                    c.get("confirmed").asInt(), c.get("available").asInt()));
        }
        List<String> seats = new ArrayList<>();
        flight.get("takenSeats").forEach(s -> seats.add(s.asText()));
        return new FlightCounts(cabins, seats);
    }

    /** From the Redis sink's keys: the flight hash ("Y.capacity", …) and its set of taken seats. */
    public static FlightCounts fromRedis(Map<String, String> hash, Set<String> seats) {
        Map<String, List<Integer>> cabins = new TreeMap<>();
        for (String cabin : List.of("F", "J", "Y")) {
            if (hash.containsKey(cabin + ".capacity")) {
                cabins.put(cabin, List.of(Integer.parseInt(hash.get(cabin + ".capacity")), Integer.parseInt(hash.get(cabin + ".held")),
                        Integer.parseInt(hash.get(cabin + ".confirmed")), Integer.parseInt(hash.get(cabin + ".available"))));
            }
        }
        return new FlightCounts(cabins, new ArrayList<>(seats));
    }

    /** From a flight-availability record (Avro, decoded with its writer schema). */
    public static FlightCounts fromAvro(GenericRecord value) {
        Map<String, List<Integer>> cabins = new TreeMap<>();
        for (Object o : (List<?>) value.get("cabins")) {
            GenericRecord c = (GenericRecord) o;
            cabins.put(c.get("cabin").toString(), List.of((Integer) c.get("capacity"), (Integer) c.get("held"),
                    (Integer) c.get("confirmed"), (Integer) c.get("available")));
        }
        List<String> seats = new ArrayList<>();
        ((List<?>) value.get("takenSeats")).forEach(s -> seats.add(s.toString()));
        return new FlightCounts(cabins, seats);
    }

    /** What differs, in a few words: "Y held 3 (MySQL 4); seats missing 12A, extra 14C". */
    public String differenceFrom(FlightCounts truth) {
        List<String> parts = new ArrayList<>();
        List<String> names = List.of("capacity", "held", "confirmed", "available");
        for (String cabin : new TreeSet<>(union(cabins.keySet(), truth.cabins.keySet()))) {
            List<Integer> mine = cabins.getOrDefault(cabin, List.of(0, 0, 0, 0));
            List<Integer> real = truth.cabins.getOrDefault(cabin, List.of(0, 0, 0, 0));
            for (int i = 0; i < names.size(); i++) {
                if (!mine.get(i).equals(real.get(i))) {
                    parts.add(cabin + " " + names.get(i) + " " + mine.get(i) + " (MySQL " + real.get(i) + ")");
                }
            }
        }
        TreeSet<String> missing = new TreeSet<>(SEAT_ORDER);
        missing.addAll(truth.takenSeats);
        takenSeats.forEach(missing::remove);
        TreeSet<String> extra = new TreeSet<>(SEAT_ORDER);
        extra.addAll(takenSeats);
        truth.takenSeats.forEach(extra::remove);
        if (!missing.isEmpty()) {
            parts.add("taken seats missing " + String.join(" ", missing));
        }
        if (!extra.isEmpty()) {
            parts.add("seats taken that MySQL has free " + String.join(" ", extra));
        }
        if (parts.isEmpty() && !takenSeats.equals(truth.takenSeats)) {
            parts.add("a seat listed twice");
        }
        return String.join("; ", parts);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
