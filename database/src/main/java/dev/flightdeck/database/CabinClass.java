package dev.flightdeck.database;

/** The cabin class of a seat or a booking, as the seed and the simulator write it to the {@code cabin} ENUM columns. */
public enum CabinClass {
    /** First class. */
    F,
    /** Business class. */
    J,
    /** Economy class. */
    Y
}
