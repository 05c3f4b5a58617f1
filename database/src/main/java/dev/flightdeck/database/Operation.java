package dev.flightdeck.database;

/**
 * What the booking front end does in one transaction, with how often it does it (per 100
 * transactions). Holds are created a little faster than they are confirmed, so some expire and
 * are deleted; cancellations and expiries free seats, so flights fill up only slowly.
 */
enum Operation {
    /** A customer picks a free seat and holds it while paying. */
    NEW_HOLD(28),
    /** A customer pays: a held booking becomes confirmed. */
    CONFIRM_HOLD(20),
    /** The clean-up job deletes holds that expired unpaid (deletes matter downstream). */
    EXPIRE_HOLDS(4),
    /** A customer cancels a confirmed booking. */
    CANCEL_BOOKING(10),
    /** A customer moves seat; sometimes to another cabin (upgrade or downgrade). */
    CHANGE_SEAT(10),
    /** Revenue management moves a flight's base fare by up to 5 %. */
    CHANGE_FARE(10),
    /** A passenger updates their email or phone number. */
    EDIT_PASSENGER(12),
    /** Someone signs up. */
    NEW_PASSENGER(6);

    final int weight;

    Operation(int weight) {
        this.weight = weight;
    }
}
