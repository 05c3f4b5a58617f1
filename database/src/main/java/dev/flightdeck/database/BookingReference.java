package dev.flightdeck.database;

import java.util.random.RandomGenerator;

/** Record locators (PNRs) such as {@code K7QX2M}, stored in {@code booking.reference}. */
final class BookingReference {

    static final int LENGTH = 6;

    // No 0/O or 1/I: a reference is read out over the phone.
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private BookingReference() {
    }

    static String random(RandomGenerator random) {
        char[] reference = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            reference[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(reference);
    }
}
