package dev.flightdeck.database;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.random.RandomGenerator;

/**
 * How fares are priced. A flight's {@code base_fare} is its economy fare; the other cabins
 * are multiples of it, and what a booking pays varies around the cabin fare (fare classes,
 * booking date). Rough, but with the shape real one-way fares have.
 */
final class FareModel {

    static final String CURRENCY = "EUR";

    /** The cheapest economy fare any flight is sold at. */
    static final BigDecimal MINIMUM_FARE = new BigDecimal("19.99");

    // Economy: a fixed part plus a per-kilometre part that falls after 1,500 km.
    private static final double FIXED_EUR = 39;
    private static final double SHORT_HAUL_EUR_PER_KM = 0.12;
    private static final double LONG_HAUL_EUR_PER_KM = 0.07;
    private static final double SHORT_HAUL_KM = 1500;

    // Business is worth relatively more on long flights (flat beds); first is long-haul only.
    private static final double LONG_HAUL_CABIN_KM = 3000;
    private static final double BUSINESS_SHORT_HAUL = 2.5;
    private static final double BUSINESS_LONG_HAUL = 4.0;
    private static final double FIRST = 7.0;

    private FareModel() {
    }

    /** The economy fare for a route of this length, before demand variation. */
    static double typicalEconomyFare(double distanceKm) {
        return FIXED_EUR
                + SHORT_HAUL_EUR_PER_KM * Math.min(distanceKm, SHORT_HAUL_KM)
                + LONG_HAUL_EUR_PER_KM * Math.max(distanceKm - SHORT_HAUL_KM, 0);
    }

    /**
     * A flight's base (economy) fare: the typical fare varied by demand (−20 % to +25 %) and
     * priced the way airlines print it, ending in .99.
     */
    static BigDecimal economyFare(double distanceKm, RandomGenerator random) {
        double fare = typicalEconomyFare(distanceKm) * random.nextDouble(0.80, 1.25);
        BigDecimal priced = BigDecimal.valueOf(Math.round(fare)).subtract(new BigDecimal("0.01"));
        return priced.max(MINIMUM_FARE);
    }

    static double cabinMultiplier(CabinClass cabin, double distanceKm) {
        return switch (cabin) {
            case Y -> 1.0;
            case J -> distanceKm >= LONG_HAUL_CABIN_KM ? BUSINESS_LONG_HAUL : BUSINESS_SHORT_HAUL;
            case F -> FIRST;
        };
    }

    /** The current fare of a cabin on a flight with this base fare. */
    static BigDecimal cabinFare(BigDecimal baseFare, CabinClass cabin, double distanceKm) {
        return baseFare.multiply(BigDecimal.valueOf(cabinMultiplier(cabin, distanceKm)))
                .setScale(2, RoundingMode.HALF_UP);
    }

    /** What one booking pays: the cabin fare moved by its fare class, −10 % to +20 %. */
    static BigDecimal bookedFare(BigDecimal cabinFare, RandomGenerator random) {
        return cabinFare.multiply(BigDecimal.valueOf(random.nextDouble(0.90, 1.20))).setScale(2, RoundingMode.HALF_UP);
    }
}
