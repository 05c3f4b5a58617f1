package dev.flightdeck.database;

/** A kind of row change the simulator's regular traffic makes, as counted in {@link SimulatorStats}. */
public enum ChangeKind {
    /** booking inserted as HELD on a seat. */
    BOOKING_HELD("held"),
    /** booking updated HELD to CONFIRMED. */
    HOLD_CONFIRMED("confirmed"),
    /** expired HELD booking deleted. */
    HOLD_EXPIRED("expired"),
    /** booking updated CONFIRMED to CANCELLED. */
    BOOKING_CANCELLED("cancelled"),
    /** booking's seat (and sometimes cabin and fare) updated. */
    SEAT_CHANGED("seat-changed"),
    /** flight's base_fare updated. */
    FARE_CHANGED("fare-changed"),
    /** passenger's email or phone updated. */
    PASSENGER_UPDATED("passenger-updated"),
    /** passenger inserted. */
    PASSENGER_CREATED("passenger-created");

    private final String label;

    ChangeKind(String label) {
        this.label = label;
    }

    /** Short name used in progress lines. */
    public String label() {
        return label;
    }
}
