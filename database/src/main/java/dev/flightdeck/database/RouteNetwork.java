package dev.flightdeck.database;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The seed airline's network and timetable. Every airport gets a route to one of its nearest
 * neighbours, and a number of long-haul routes connect the continents; each route gets an
 * aircraft type whose stage length fits, and flies a few days a week in both directions.
 */
record RouteNetwork(List<Route> routes) {

    static final String AIRLINE = "FD";

    private static final int NEAREST_NEIGHBOURS = 3;
    private static final int LONG_HAUL_PAIRS = 12;
    private static final double LONG_HAUL_KM = 5000;
    // Twice a week each way keeps the seed at about 1,500 departures over 30 days.
    private static final int DAYS_PER_WEEK = 2;
    // Taxi, climb and descent, and the detour from the great circle a real routing flies.
    private static final Duration GROUND_AND_CLIMB = Duration.ofMinutes(30);
    private static final double ROUTING_FACTOR = 1.05;
    // Departures between 06:00 and 22:00 local time, on five-minute marks.
    private static final LocalTime FIRST_DEPARTURE = LocalTime.of(6, 0);
    private static final int DEPARTURE_SLOTS = 16 * 12 + 1;

    RouteNetwork {
        routes = List.copyOf(routes);
    }

    private record AirportPair(Airport first, Airport second, double distanceKm) {
    }

    static RouteNetwork plan(List<Airport> airports, List<FleetType> fleet, RandomGenerator random) {
        Map<String, AirportPair> pairs = new LinkedHashMap<>();
        for (Airport airport : airports) {
            List<Airport> nearest = airports.stream()
                    .filter(other -> other != airport && isFlown(airport.distanceKmTo(other), fleet))
                    .sorted(Comparator.comparingDouble(airport::distanceKmTo))
                    .limit(NEAREST_NEIGHBOURS)
                    .toList();
            if (!nearest.isEmpty()) {
                addPair(pairs, airport, nearest.get(random.nextInt(nearest.size())));
            }
        }
        List<AirportPair> longHaul = new ArrayList<>();
        for (int i = 0; i < airports.size(); i++) {
            for (int j = i + 1; j < airports.size(); j++) {
                double distance = airports.get(i).distanceKmTo(airports.get(j));
                if (distance >= LONG_HAUL_KM && isFlown(distance, fleet)) {
                    longHaul.add(new AirportPair(airports.get(i), airports.get(j), distance));
                }
            }
        }
        for (int added = 0; added < LONG_HAUL_PAIRS && !longHaul.isEmpty(); ) {
            AirportPair pair = longHaul.remove(random.nextInt(longHaul.size()));
            if (addPair(pairs, pair.first(), pair.second())) {
                added++;
            }
        }

        List<AirportPair> pairList = List.copyOf(pairs.values());
        List<FleetType> aircraft = assignAircraft(pairList, fleet, random);
        List<Route> routes = new ArrayList<>();
        int nextLongHaulNumber = 100;
        int nextShortHaulNumber = 1000;
        for (int i = 0; i < pairList.size(); i++) {
            AirportPair pair = pairList.get(i);
            int number;
            if (pair.distanceKm() >= LONG_HAUL_KM) {
                number = nextLongHaulNumber;
                nextLongHaulNumber += 2;
            } else {
                number = nextShortHaulNumber;
                nextShortHaulNumber += 2;
            }
            // Airlines number the two directions of a route as a pair, outbound even.
            routes.add(route(AIRLINE + number, pair.first(), pair.second(), aircraft.get(i), pair.distanceKm(), random));
            routes.add(route(AIRLINE + (number + 1), pair.second(), pair.first(), aircraft.get(i), pair.distanceKm(), random));
        }
        return new RouteNetwork(routes);
    }

    private static boolean isFlown(double distanceKm, List<FleetType> fleet) {
        return fleet.stream().anyMatch(type -> type.flies(distanceKm));
    }

    private static boolean addPair(Map<String, AirportPair> pairs, Airport a, Airport b) {
        Airport first = a.code().compareTo(b.code()) < 0 ? a : b;
        Airport second = first == a ? b : a;
        return pairs.putIfAbsent(first.code() + second.code(), new AirportPair(first, second, a.distanceKmTo(b))) == null;
    }

    /** A fitting type per pair, chosen at random, then adjusted so that every type flies somewhere. */
    private static List<FleetType> assignAircraft(List<AirportPair> pairs, List<FleetType> fleet,
                                                     RandomGenerator random) {
        List<FleetType> assigned = new ArrayList<>();
        for (AirportPair pair : pairs) {
            List<FleetType> fitting = fleet.stream().filter(type -> type.flies(pair.distanceKm())).toList();
            assigned.add(fitting.get(random.nextInt(fitting.size())));
        }
        for (FleetType type : fleet) {
            if (assigned.contains(type)) {
                continue;
            }
            Map<FleetType, Integer> uses = new HashMap<>();
            assigned.forEach(used -> uses.merge(used, 1, Integer::sum));
            int swap = -1;
            for (int i = 0; i < pairs.size() && swap < 0; i++) {
                if (type.flies(pairs.get(i).distanceKm()) && uses.get(assigned.get(i)) > 1) {
                    swap = i;
                }
            }
            if (swap < 0) {
                throw new IllegalStateException("no route of the seed network suits aircraft type " + type.code()
                        + " (" + type.routeMinKm() + ".." + type.routeMaxKm() + " km): widen its route range in "
                        + FleetType.TYPES_RESOURCE);
            }
            assigned.set(swap, type);
        }
        return assigned;
    }

    private static Route route(String flightNumber, Airport origin, Airport destination, FleetType aircraft,
                               double distanceKm, RandomGenerator random) {
        double hours = distanceKm * ROUTING_FACTOR / aircraft.cruiseSpeedKmh();
        long minutes = GROUND_AND_CLIMB.toMinutes() + Math.round(hours * 60);
        Duration blockTime = Duration.ofMinutes(Math.round(minutes / 5.0) * 5);
        LocalTime departure = FIRST_DEPARTURE.plusMinutes(5L * random.nextInt(DEPARTURE_SLOTS));
        List<DayOfWeek> days = new ArrayList<>(List.of(DayOfWeek.values()));
        Set<DayOfWeek> operating = EnumSet.noneOf(DayOfWeek.class);
        while (operating.size() < DAYS_PER_WEEK) {
            operating.add(days.remove(random.nextInt(days.size())));
        }
        return new Route(flightNumber, origin, destination, aircraft, distanceKm, blockTime, departure, operating);
    }

    /**
     * Every departure of every route on the {@code days} days from {@code firstDay} (dates in the
     * origin's local time), ordered by departure.
     */
    List<ScheduledFlight> schedule(LocalDate firstDay, int days, RandomGenerator random) {
        List<ScheduledFlight> flights = new ArrayList<>();
        for (Route route : routes) {
            for (int day = 0; day < days; day++) {
                LocalDate date = firstDay.plusDays(day);
                if (!route.operatingDays().contains(date.getDayOfWeek())) {
                    continue;
                }
                LocalDateTime departure = ZonedDateTime.of(date, route.localDeparture(), route.origin().timeZone())
                        .withZoneSameInstant(ZoneOffset.UTC)
                        .toLocalDateTime();
                flights.add(new ScheduledFlight(route, departure, departure.plus(route.blockTime()),
                        FareModel.economyFare(route.distanceKm(), random)));
            }
        }
        flights.sort(Comparator.comparing(ScheduledFlight::departureUtc).thenComparing(ScheduledFlight::flightNumber));
        return flights;
    }
}
