package dev.flightdeck.connect.sink;

/** What one flight-availability record asks of a read model, guarded by its version. */
public sealed interface AvailabilityUpdate {

    long flightId();

    long version();

    /** Replace the flight with this state (written only if its version is newer than the stored one). */
    record Upsert(PublishedFlight flight) implements AvailabilityUpdate {
        @Override
        public long flightId() {
            return flight.flightId();
        }

        @Override
        public long version() {
            return flight.version();
        }
    }

    /** The flight is gone (a tombstone): remove it, keeping a marker with its version. */
    record Delete(long flightId, long version) implements AvailabilityUpdate {
    }
}
