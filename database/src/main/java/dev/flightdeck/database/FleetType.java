package dev.flightdeck.database;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An aircraft type of the seed fleet with its cabin layouts, from {@code seed/aircraft-types.csv}
 * and {@code seed/seat-layouts.csv}. {@code routeMinKm..routeMaxKm} is the stage length the
 * airline flies the type on.
 */
record FleetType(String code, String manufacturer, String model, int rangeKm, int cruiseSpeedKmh,
                 int routeMinKm, int routeMaxKm, List<CabinLayout> cabins) {

    static final String TYPES_RESOURCE = "seed/aircraft-types.csv";
    static final String LAYOUTS_RESOURCE = "seed/seat-layouts.csv";

    FleetType {
        cabins = List.copyOf(cabins);
        if (cabins.isEmpty()) {
            throw new IllegalArgumentException("aircraft type " + code + " has no cabin layout in " + LAYOUTS_RESOURCE);
        }
        Set<Integer> rowsSeen = new HashSet<>();
        for (CabinLayout cabin : cabins) {
            for (int row : cabin.rows()) {
                if (!rowsSeen.add(row)) {
                    throw new IllegalArgumentException("aircraft type " + code + " has row " + row + " in two cabins");
                }
            }
        }
    }

    static List<FleetType> loadAll() {
        Map<String, List<CabinLayout>> layouts = new LinkedHashMap<>();
        for (CsvResource.Row row : CsvResource.read(LAYOUTS_RESOURCE, "aircraft_type", "cabin", "rows", "seat_letters")) {
            try {
                layouts.computeIfAbsent(row.get("aircraft_type"), type -> new ArrayList<>())
                        .add(new CabinLayout(CabinClass.valueOf(row.get("cabin")), CabinLayout.parseRows(row.get("rows")),
                                row.get("seat_letters")));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(LAYOUTS_RESOURCE + " line " + row.line() + ": " + e.getMessage());
            }
        }
        List<FleetType> types = CsvResource.read(TYPES_RESOURCE, "code", "manufacturer", "model", "range_km",
                        "cruise_speed_kmh", "route_min_km", "route_max_km").stream()
                .map(row -> new FleetType(row.get("code"), row.get("manufacturer"), row.get("model"),
                        row.getInt("range_km"), row.getInt("cruise_speed_kmh"), row.getInt("route_min_km"),
                        row.getInt("route_max_km"), layouts.getOrDefault(row.get("code"), List.of())))
                .toList();
        Set<String> known = new HashSet<>(types.stream().map(FleetType::code).toList());
        layouts.keySet().stream().filter(code -> !known.contains(code)).findFirst().ifPresent(code -> {
            throw new IllegalStateException(LAYOUTS_RESOURCE + " has a layout for " + code
                    + ", which is not in " + TYPES_RESOURCE);
        });
        return types;
    }

    /** The seat map, front to back, cabin by cabin. */
    List<LayoutSeat> seats() {
        return cabins.stream().flatMap(cabin -> cabin.seats().stream()).toList();
    }

    Map<CabinClass, Integer> capacityByCabin() {
        Map<CabinClass, Integer> capacity = new EnumMap<>(CabinClass.class);
        cabins.forEach(cabin -> capacity.merge(cabin.cabin(), cabin.capacity(), Integer::sum));
        return capacity;
    }

    int capacity() {
        return cabins.stream().mapToInt(CabinLayout::capacity).sum();
    }

    boolean flies(double distanceKm) {
        return distanceKm >= routeMinKm && distanceKm <= routeMaxKm;
    }
}
