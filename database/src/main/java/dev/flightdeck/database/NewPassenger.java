package dev.flightdeck.database;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;

/** A {@code passenger} row before it has an id. Phone, birth date and loyalty number may be null. */
record NewPassenger(String firstName, String lastName, String email, String phone, LocalDate dateOfBirth,
                    String loyaltyNumber) {

    /** The statement that inserts one; {@link #bind} fills its parameters. */
    static final String INSERT = """
            INSERT INTO passenger (first_name, last_name, email, phone, date_of_birth, loyalty_number)
            VALUES (?, ?, ?, ?, ?, ?)""";

    void bind(PreparedStatement insert) throws SQLException {
        insert.setString(1, firstName);
        insert.setString(2, lastName);
        insert.setString(3, email);
        insert.setString(4, phone);
        insert.setObject(5, dateOfBirth, Types.DATE);
        insert.setString(6, loyaltyNumber);
    }
}
