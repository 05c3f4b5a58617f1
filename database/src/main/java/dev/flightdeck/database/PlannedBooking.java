package dev.flightdeck.database;

import java.math.BigDecimal;
import java.time.LocalDateTime;

/**
 * A seed {@code booking} row, pointing at its flight and passenger by their position in the
 * seed plan (their ids exist only once inserted). Seat and hold expiry may be null.
 */
record PlannedBooking(int flightIndex, int passengerIndex, String reference, CabinClass cabin, String seatNo,
                      BookingState status, BigDecimal fare, LocalDateTime holdExpiresAt) {
}
