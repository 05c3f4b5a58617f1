package dev.flightdeck.database;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The bookings a freshly seeded database starts with, so that flights look partly sold:
 * about a quarter of the seats on average, more on the first days, and a few flights nearly
 * full. Most bookings are confirmed with a seat; some are confirmed without one yet, a few are
 * held and some were cancelled.
 */
final class InitialBookings {

    private static final double NEARLY_FULL_SHARE = 0.03;
    private static final double SEATLESS_SHARE = 0.05;
    private static final double HELD_SHARE = 0.015;
    private static final double CANCELLED_PER_ACTIVE = 0.06;
    private static final Duration LONGEST_HOLD = Duration.ofMinutes(20);

    private InitialBookings() {
    }

    /**
     * @param firstDeparture the first departure of the seed; later flights have sold less
     * @param now            the time holds are counted from; they expire 5–20 minutes later
     */
    static List<PlannedBooking> plan(List<ScheduledFlight> flights, int passengers, LocalDateTime now,
                                     RandomGenerator random) {
        if (flights.isEmpty()) {
            return List.of();
        }
        LocalDateTime firstDeparture = flights.getFirst().departureUtc();
        double span = Math.max(1, Duration.between(firstDeparture, flights.getLast().departureUtc()).toMinutes());
        Set<String> references = new HashSet<>();
        List<PlannedBooking> bookings = new ArrayList<>();
        for (int flightIndex = 0; flightIndex < flights.size(); flightIndex++) {
            ScheduledFlight flight = flights.get(flightIndex);
            double load = random.nextDouble() < NEARLY_FULL_SHARE
                    ? random.nextDouble(0.90, 0.98)
                    // 8–42 %, weighted towards flights that leave soon: those have sold more.
                    : random.nextDouble(0.08, 0.42)
                      * (1.25 - 0.5 * Duration.between(firstDeparture, flight.departureUtc()).toMinutes() / span);
            for (CabinLayout layout : flight.route().aircraft().cabins()) {
                List<LayoutSeat> seats = new ArrayList<>(layout.seats());
                Collections.shuffle(seats, random);
                int active = (int) Math.round(seats.size() * Math.min(0.98, load * random.nextDouble(0.7, 1.3)));
                BigDecimal cabinFare = FareModel.cabinFare(flight.baseFare(), layout.cabin(), flight.route().distanceKm());
                for (int i = 0; i < active; i++) {
                    double kind = random.nextDouble();
                    BookingState status = kind < HELD_SHARE ? BookingState.HELD : BookingState.CONFIRMED;
                    // Seatless bookings still take a place in the cabin; their seat stays free.
                    String seat = status == BookingState.CONFIRMED && kind < HELD_SHARE + SEATLESS_SHARE
                            ? null : seats.get(i).seatNo();
                    LocalDateTime expiry = status == BookingState.HELD
                            ? now.plusSeconds(random.nextLong(300, LONGEST_HOLD.toSeconds() + 1)) : null;
                    bookings.add(new PlannedBooking(flightIndex, random.nextInt(passengers),
                            uniqueReference(references, random), layout.cabin(), seat, status,
                            FareModel.bookedFare(cabinFare, random), expiry));
                }
                long cancelled = Math.round(active * CANCELLED_PER_ACTIVE * random.nextDouble(0.5, 1.5));
                for (int i = 0; i < cancelled; i++) {
                    // A cancelled booking keeps the seat it had, which someone else may have taken since.
                    bookings.add(new PlannedBooking(flightIndex, random.nextInt(passengers),
                            uniqueReference(references, random), layout.cabin(),
                            seats.get(random.nextInt(seats.size())).seatNo(), BookingState.CANCELLED,
                            FareModel.bookedFare(cabinFare, random), null));
                }
            }
        }
        return bookings;
    }

    private static String uniqueReference(Set<String> taken, RandomGenerator random) {
        String reference = BookingReference.random(random);
        while (!taken.add(reference)) {
            reference = BookingReference.random(random);
        }
        return reference;
    }
}
