package dev.flightdeck.database;

/**
 * Told how far a long task has got, e.g. {@code ("flights", 600, 1444)}, so that a launcher can
 * show it. Called on the working thread; keep it quick.
 */
@FunctionalInterface
public interface ProgressListener {

    void progress(String stage, long done, long total);

    static ProgressListener none() {
        return (stage, done, total) -> { };
    }
}
