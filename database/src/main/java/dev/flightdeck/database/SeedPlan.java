package dev.flightdeck.database;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Everything the seed writes, generated in memory from a random seed: the same seed and first
 * day always give the same plan (hold expiry times aside, which count from {@code now}).
 */
record SeedPlan(List<Airport> airports, List<FleetType> fleet, RouteNetwork network,
                List<ScheduledFlight> flights, List<NewPassenger> passengers, List<PlannedBooking> bookings) {

    static final int DAYS = 30;
    static final int PASSENGERS = 5_000;

    static SeedPlan generate(LocalDate firstDepartureDay, long randomSeed, LocalDateTime now) {
        // One independent stream per part, so that changing one part leaves the others as they were.
        SplittableRandom root = new SplittableRandom(randomSeed);
        SplittableRandom networkRandom = root.split();
        SplittableRandom scheduleRandom = root.split();
        SplittableRandom passengerRandom = root.split();
        SplittableRandom bookingRandom = root.split();

        List<Airport> airports = Airport.loadAll();
        List<FleetType> fleet = FleetType.loadAll();
        RouteNetwork network = RouteNetwork.plan(airports, fleet, networkRandom);
        List<ScheduledFlight> flights = network.schedule(firstDepartureDay, DAYS, scheduleRandom);
        List<NewPassenger> passengers = passengers(PassengerGenerator.fromResources(), passengerRandom);
        List<PlannedBooking> bookings = InitialBookings.plan(flights, passengers.size(), now, bookingRandom);
        return new SeedPlan(airports, fleet, network, flights, passengers, bookings);
    }

    private static List<NewPassenger> passengers(PassengerGenerator generator, SplittableRandom random) {
        Set<String> emails = new HashSet<>();
        Set<String> loyaltyNumbers = new HashSet<>();
        List<NewPassenger> passengers = new ArrayList<>(PASSENGERS);
        while (passengers.size() < PASSENGERS) {
            NewPassenger passenger = generator.next(random, "");
            // Namesakes get a number, as mail providers do: ana.silva, ana.silva.2, ...
            String email = passenger.email();
            for (int n = 2; !emails.add(email); n++) {
                email = passenger.email().replace("@", "." + n + "@");
            }
            String loyalty = passenger.loyaltyNumber();
            while (loyalty != null && !loyaltyNumbers.add(loyalty)) {
                loyalty = PassengerGenerator.loyaltyNumber(random);
            }
            passengers.add(new NewPassenger(passenger.firstName(), passenger.lastName(), email, passenger.phone(),
                    passenger.dateOfBirth(), loyalty));
        }
        return passengers;
    }
}
