package dev.flightdeck.cdc.flights;

/** Cabins of the flights schema ({@code ENUM('F','J','Y')}). */
public enum Cabin {
    /** First. */
    F,
    /** Business. */
    J,
    /** Economy. */
    Y
}
