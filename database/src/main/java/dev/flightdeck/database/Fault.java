package dev.flightdeck.database;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A fault the simulator can inject on purpose, for the anomaly detector to find. */
public enum Fault {
    /**
     * On one flight and cabin, confirm more seatless bookings than the cabin has seats left:
     * capacity + 5 % + 3 active bookings in the end.
     */
    OVERBOOKING("overbooking"),
    /** 100–200 new confirmed bookings on one flight within about three seconds. */
    BOOKING_BURST("booking-burst"),
    /** One flight's base fare tripled, and left so. */
    FARE_SPIKE("fare-spike"),
    /** 50–100 confirmed bookings on one route's flights cancelled within about three seconds. */
    CANCELLATION_BURST("cancellation-burst");

    private final String cliName;

    Fault(String cliName) {
        this.cliName = cliName;
    }

    /** The name on the command line, e.g. {@code booking-burst}. */
    public String cliName() {
        return cliName;
    }

    public static Fault fromCliName(String name) {
        return Arrays.stream(values())
                .filter(fault -> fault.cliName.equalsIgnoreCase(name) || fault.name().equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + name + "'; expected one of "
                        + Arrays.stream(values()).map(Fault::cliName).collect(Collectors.joining(", "))));
    }
}
