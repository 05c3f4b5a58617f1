package dev.flightdeck.it;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** Rows the integration tests write themselves, as the booking front end would. */
final class Rows {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LOCATOR_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private Rows() {
    }

    static long futureFlight(Connection db) throws SQLException {
        try (ResultSet r = db.createStatement().executeQuery(
                "SELECT id FROM flight WHERE departure_time > NOW() + INTERVAL 2 DAY AND status = 'SCHEDULED' ORDER BY id LIMIT 1")) {
            if (!r.next()) {
                throw new IllegalStateException("the seed has no future flight");
            }
            return r.getLong(1);
        }
    }

    static long newPassenger(Connection db) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO passenger (first_name, last_name, email) VALUES ('Ada', 'Lovelace', ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, "it-" + UUID.randomUUID() + "@example.org");
            insert.executeUpdate();
            ResultSet keys = insert.getGeneratedKeys();
            keys.next();
            return keys.getLong(1);
        }
    }

    static String newReference() {
        StringBuilder reference = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            reference.append(LOCATOR_CHARS.charAt(RANDOM.nextInt(LOCATOR_CHARS.length())));
        }
        return reference.toString();
    }
}
