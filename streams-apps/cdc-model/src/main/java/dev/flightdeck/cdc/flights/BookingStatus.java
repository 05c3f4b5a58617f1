package dev.flightdeck.cdc.flights;

/** {@code booking.status}. HELD and CONFIRMED occupy a place in the cabin (and their seat, if any). */
public enum BookingStatus {
    HELD,
    CONFIRMED,
    CANCELLED;

    public boolean occupiesAPlace() {
        return this != CANCELLED;
    }
}
