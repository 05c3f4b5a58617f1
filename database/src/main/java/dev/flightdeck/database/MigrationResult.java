package dev.flightdeck.database;

import java.util.List;

/**
 * The outcome of {@link FlightDatabase#migrate}.
 *
 * @param previousVersion the schema version before, null if the database had none
 * @param currentVersion  the schema version now
 * @param applied         the migrations this run applied, e.g. {@code "V5 booking"}; empty when
 *                        the schema was already current
 */
public record MigrationResult(String database, String previousVersion, String currentVersion, List<String> applied) {

    public MigrationResult {
        applied = List.copyOf(applied);
    }

    public int migrationsApplied() {
        return applied.size();
    }
}
