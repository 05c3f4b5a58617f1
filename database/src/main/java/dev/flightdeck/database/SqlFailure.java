package dev.flightdeck.database;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sorts MySQL errors into the few reasons the simulator counts and reacts to. */
final class SqlFailure {

    static final int ER_DUP_ENTRY = 1062;
    static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    static final int ER_LOCK_DEADLOCK = 1213;
    static final int ER_NO_REFERENCED_ROW = 1216;
    static final int ER_NO_REFERENCED_ROW_2 = 1452;
    static final int ER_SIGNAL_EXCEPTION = 1644;
    static final int ER_CHECK_CONSTRAINT_VIOLATED = 3819;

    // MySQL 8 names the index as table.index: "Duplicate entry '7-12A' for key 'booking.booking_active_seat'".
    private static final Pattern DUPLICATE_KEY = Pattern.compile("for key '(?:[^'.]+\\.)?([^']+)'");
    private static final Pattern CHECK_NAME = Pattern.compile("Check constraint '([^']+)'");

    private SqlFailure() {
    }

    static boolean isDuplicateKey(SQLException e, String index) {
        if (e.getErrorCode() != ER_DUP_ENTRY || e.getMessage() == null) {
            return false;
        }
        Matcher matcher = DUPLICATE_KEY.matcher(e.getMessage());
        return matcher.find() && matcher.group(1).equals(index);
    }

    /** Deadlocks and lock wait timeouts roll the transaction back; running it again is the cure. */
    static boolean isRetryable(SQLException e) {
        return e.getErrorCode() == ER_LOCK_DEADLOCK || e.getErrorCode() == ER_LOCK_WAIT_TIMEOUT;
    }

    static boolean isConnectionLost(SQLException e) {
        return e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException
                || e instanceof SQLRecoverableException
                || (e.getSQLState() != null && e.getSQLState().startsWith("08"));
    }

    /** A short, stable name for counting, e.g. {@code deadlock} or {@code check-violated booking_fare_not_negative}. */
    static String reason(SQLException e) {
        if (isConnectionLost(e)) {
            return "connection-lost";
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        return switch (e.getErrorCode()) {
            case ER_LOCK_DEADLOCK -> "deadlock";
            case ER_LOCK_WAIT_TIMEOUT -> "lock-wait-timeout";
            case ER_DUP_ENTRY -> "duplicate-key " + group(DUPLICATE_KEY, message);
            case ER_CHECK_CONSTRAINT_VIOLATED -> "check-violated " + group(CHECK_NAME, message);
            case ER_NO_REFERENCED_ROW, ER_NO_REFERENCED_ROW_2 -> "foreign-key";
            case ER_SIGNAL_EXCEPTION -> "seat-rejected";
            default -> "mysql-error-" + e.getErrorCode();
        };
    }

    private static String group(Pattern pattern, String message) {
        Matcher matcher = pattern.matcher(message);
        return matcher.find() ? matcher.group(1) : "unknown";
    }
}
