package dev.flightdeck.database;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Exactly what one injected fault did, so that a test or an operator can check it in the database. */
public sealed interface FaultReport {

    Fault fault();

    /** When the fault's changes were committed (the last of them, for a burst). */
    Instant at();

    long flightId();

    /** One line saying what was done. */
    String describe();

    /**
     * Confirmed bookings without a seat added to one cabin until it held more active bookings
     * (HELD or CONFIRMED) than it has seats.
     *
     * @param activeBefore active bookings in the cabin just before
     * @param bookingIds   the bookings added, all CONFIRMED with seat_no NULL
     * @param activeAfter  active bookings in the cabin right after (other traffic may add to it)
     */
    record OverbookingAttempt(Instant at, long flightId, String flightNumber, LocalDateTime departure, CabinClass cabin,
                              int capacity, int activeBefore, List<Long> bookingIds, int activeAfter)
            implements FaultReport {

        public OverbookingAttempt {
            bookingIds = List.copyOf(bookingIds);
        }

        @Override
        public Fault fault() {
            return Fault.OVERBOOKING;
        }

        @Override
        public String describe() {
            return "overbooking on flight " + flightId + " (" + flightNumber + " departing " + departure + ") cabin "
                    + cabin + ": capacity " + capacity + ", " + activeBefore + " active before, "
                    + bookingIds.size() + " confirmed seatless bookings added (" + idRange(bookingIds) + "), "
                    + activeAfter + " active now = capacity " + signed(activeAfter - capacity);
        }
    }

    /**
     * New confirmed bookings with seats on one flight, each its own transaction, within {@code took}.
     *
     * @param bookingsPerCabin how many of {@code bookingIds} are in each cabin
     */
    record BookingBurst(Instant at, long flightId, String flightNumber, LocalDateTime departure, List<Long> bookingIds,
                        Map<CabinClass, Integer> bookingsPerCabin, Duration took) implements FaultReport {

        public BookingBurst {
            bookingIds = List.copyOf(bookingIds);
            bookingsPerCabin = Map.copyOf(bookingsPerCabin);
        }

        @Override
        public Fault fault() {
            return Fault.BOOKING_BURST;
        }

        @Override
        public String describe() {
            String cabins = new TreeMap<>(bookingsPerCabin).entrySet().stream()
                    .map(entry -> entry.getKey() + " " + entry.getValue())
                    .collect(Collectors.joining(", "));
            return "booking burst on flight " + flightId + " (" + flightNumber + " departing " + departure + "): "
                    + bookingIds.size() + " confirmed bookings (" + cabins + "; " + idRange(bookingIds) + ") in "
                    + took.toMillis() + " ms";
        }
    }

    /** A flight's base fare multiplied by three. It is not restored: the spike stays visible. */
    record FareSpike(Instant at, long flightId, String flightNumber, LocalDateTime departure, BigDecimal oldFare,
                     BigDecimal newFare) implements FaultReport {

        @Override
        public Fault fault() {
            return Fault.FARE_SPIKE;
        }

        @Override
        public String describe() {
            return "fare spike on flight " + flightId + " (" + flightNumber + " departing " + departure
                    + "): base fare " + oldFare + " -> " + newFare + " EUR, left in place";
        }
    }

    /**
     * Confirmed bookings of one route's flights (those departing a while ahead) cancelled one
     * transaction each, as customers would.
     *
     * @param flightId   the flight whose route was chosen
     * @param route      ORIGIN-DESTINATION
     * @param bookingIds the bookings cancelled
     */
    record CancellationBurst(Instant at, long flightId, String route, List<Long> bookingIds, Duration took) implements FaultReport {

        public CancellationBurst {
            bookingIds = List.copyOf(bookingIds);
        }

        @Override
        public Fault fault() {
            return Fault.CANCELLATION_BURST;
        }

        @Override
        public String describe() {
            return "cancellation burst on route " + route + " (chosen by flight " + flightId + "): " + bookingIds.size()
                    + " confirmed bookings cancelled (" + idRange(bookingIds) + ") in " + took.toMillis() + " ms";
        }
    }

    private static String idRange(List<Long> ids) {
        if (ids.isEmpty()) {
            return "no ids";
        }
        return "ids " + ids.stream().mapToLong(Long::longValue).min().orElseThrow() + ".."
                + ids.stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    private static String signed(int difference) {
        return difference >= 0 ? "+ " + difference : "- " + -difference;
    }
}
