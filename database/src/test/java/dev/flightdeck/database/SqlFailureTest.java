package dev.flightdeck.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransactionRollbackException;
import org.junit.jupiter.api.Test;

class SqlFailureTest {

    private static final SQLException SEAT_TAKEN = new SQLIntegrityConstraintViolationException(
            "Duplicate entry '17-12A' for key 'booking.booking_active_seat'", "23000", 1062);

    @Test
    void shouldRecogniseWhichUniqueKeyClashed() {
        assertThat(SqlFailure.isDuplicateKey(SEAT_TAKEN, "booking_active_seat")).isTrue();
        assertThat(SqlFailure.isDuplicateKey(SEAT_TAKEN, "booking_reference")).isFalse();
        assertThat(SqlFailure.reason(SEAT_TAKEN)).isEqualTo("duplicate-key booking_active_seat");
    }

    @Test
    void shouldRetryDeadlocksAndLockWaitTimeoutsOnly() {
        SQLException deadlock = new SQLTransactionRollbackException(
                "Deadlock found when trying to get lock; try restarting transaction", "40001", 1213);
        SQLException timeout = new SQLException("Lock wait timeout exceeded; try restarting transaction", "HY000", 1205);

        assertThat(SqlFailure.isRetryable(deadlock)).isTrue();
        assertThat(SqlFailure.isRetryable(timeout)).isTrue();
        assertThat(SqlFailure.isRetryable(SEAT_TAKEN)).isFalse();
        assertThat(SqlFailure.reason(deadlock)).isEqualTo("deadlock");
        assertThat(SqlFailure.reason(timeout)).isEqualTo("lock-wait-timeout");
    }

    @Test
    void shouldNameViolatedCheckConstraintsAndLostConnections() {
        assertThat(SqlFailure.reason(new SQLException("Check constraint 'booking_fare_not_negative' is violated.",
                "HY000", 3819))).isEqualTo("check-violated booking_fare_not_negative");
        SQLException lost = new SQLNonTransientConnectionException("Communications link failure", "08S01", 0);
        assertThat(SqlFailure.isConnectionLost(lost)).isTrue();
        assertThat(SqlFailure.reason(lost)).isEqualTo("connection-lost");
        assertThat(SqlFailure.reason(new SQLException("seat 99Z is not a Y cabin seat of flight 3", "45000", 1644)))
                .isEqualTo("seat-rejected");
    }
}
