package dev.flightdeck.database;

/** Cabin class of a seat or booking, as stored in the {@code cabin} ENUM columns. */
public enum Cabin {
    /** First class. */
    F,
    /** Business class. */
    J,
    /** Economy class. */
    Y
}
