package dev.flightdeck.database;

import java.util.ArrayList;
import java.util.List;

/**
 * The seats of one cabin of an aircraft type: which rows it has and which seat letters each
 * row has. Written in {@code seed/seat-layouts.csv} as e.g. {@code Y,4-12 14-31,ABCDEF}.
 */
record CabinLayout(CabinClass cabin, List<Integer> rows, String seatLetters) {

    CabinLayout {
        rows = List.copyOf(rows);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("cabin " + cabin + " has no rows");
        }
        if (!seatLetters.matches("[A-Z]+") || seatLetters.chars().distinct().count() != seatLetters.length()) {
            throw new IllegalArgumentException("cabin " + cabin + " seat letters '" + seatLetters
                    + "' must be distinct capital letters");
        }
        for (int row : rows) {
            if (row < 1 || row > 99) {
                throw new IllegalArgumentException("cabin " + cabin + " row " + row + " is outside 1..99");
            }
        }
    }

    /** Parses a row list such as {@code "4-12 14-31"} (ranges inclusive, separated by spaces). */
    static List<Integer> parseRows(String text) {
        List<Integer> rows = new ArrayList<>();
        for (String part : text.strip().split("\\s+")) {
            String[] bounds = part.split("-", -1);
            if (bounds.length > 2) {
                throw new IllegalArgumentException("row range '" + part + "' is not FIRST-LAST");
            }
            try {
                int first = Integer.parseInt(bounds[0]);
                int last = Integer.parseInt(bounds[bounds.length - 1]);
                if (last < first) {
                    throw new IllegalArgumentException("row range '" + part + "' ends before it starts");
                }
                for (int row = first; row <= last; row++) {
                    rows.add(row);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("row range '" + part + "' is not FIRST-LAST");
            }
        }
        return rows;
    }

    List<LayoutSeat> seats() {
        List<LayoutSeat> seats = new ArrayList<>(rows.size() * seatLetters.length());
        for (int row : rows) {
            for (char letter : seatLetters.toCharArray()) {
                seats.add(new LayoutSeat(row + String.valueOf(letter), cabin, row, letter));
            }
        }
        return seats;
    }

    int capacity() {
        return rows.size() * seatLetters.length();
    }
}
