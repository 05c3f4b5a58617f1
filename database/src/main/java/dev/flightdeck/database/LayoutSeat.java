package dev.flightdeck.database;

/** A seat a cabin layout generates, written as one {@code seat_map} row: seat number such as {@code 12A}, its cabin, row and letter. */
record LayoutSeat(String seatNo, CabinClass cabin, int row, char letter) {
}
