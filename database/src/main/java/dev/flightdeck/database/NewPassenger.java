package dev.flightdeck.database;

import java.time.LocalDate;

/** A {@code passenger} row before it has an id. Phone, birth date and loyalty number may be null. */
record NewPassenger(String firstName, String lastName, String email, String phone, LocalDate dateOfBirth,
                    String loyaltyNumber) {
}
