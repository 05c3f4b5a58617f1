package dev.flightdeck.database;

/** One row of {@code seat_map}: seat number such as {@code 12A}, its cabin, row and letter. */
record Seat(String seatNo, Cabin cabin, int row, char letter) {
}
