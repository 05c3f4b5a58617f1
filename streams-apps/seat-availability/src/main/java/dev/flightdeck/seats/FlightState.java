package dev.flightdeck.seats;

import dev.flightdeck.cdc.SourcePosition;
import dev.flightdeck.cdc.flights.BookingStatus;
import dev.flightdeck.cdc.flights.Cabin;
import dev.flightdeck.cdc.flights.FlightRow;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What seat-availability keeps per flight (store {@code flight-state}): the flight's row, held
 * and confirmed places per cabin, and what was last published. Immutable; every change returns a
 * new state. The taken seats are not kept here but derived from the bookings' places
 * ({@link FlightPlaces}): this state is rewritten on every booking change, so it stays a few
 * hundred bytes whatever the flight's size.
 *
 * @param flight            null until the flight's row arrives (bookings may come first), or after it was deleted
 * @param version           grows by one with each published change: sinks keep only newer versions
 * @param sourceTimestamp   newest source commit time that contributed
 * @param publishedCapacity seats per cabin of the last publication, to notice a changed seat map
 */
record FlightState(FlightRow flight, SourcePosition flightPosition, Map<Cabin, Places> places,
                   Instant sourceTimestamp, long version,
                   Map<Cabin, Integer> publishedCapacity, String publishedModel, boolean published) {

    /** Held and confirmed places of one cabin. */
    record Places(int held, int confirmed) {
        static final Places NONE = new Places(0, 0);

        Places add(BookingStatus status, int delta) {
            return switch (status) {
                case HELD -> new Places(held + delta, confirmed);
                case CONFIRMED -> new Places(held, confirmed + delta);
                case CANCELLED -> this;
            };
        }
    }

    FlightState {
        places = Collections.unmodifiableMap(places.isEmpty() ? new EnumMap<>(Cabin.class) : new EnumMap<>(places));
        publishedCapacity = Collections.unmodifiableMap(publishedCapacity.isEmpty()
                ? new EnumMap<>(Cabin.class) : new EnumMap<>(publishedCapacity));
    }

    static FlightState empty() {
        return new FlightState(null, null, Map.of(), Instant.EPOCH, 0, Map.of(), null, false);
    }

    /** A booking's place here changes from {@code from} to {@code to}; either may be null (arrives, leaves). */
    FlightState move(BookingPlace from, BookingPlace to, Instant commitTime) {
        Map<Cabin, Places> nextPlaces = new EnumMap<>(Cabin.class);
        nextPlaces.putAll(places);
        if (from != null && from.occupies()) {
            nextPlaces.put(from.cabin(), nextPlaces.getOrDefault(from.cabin(), Places.NONE).add(from.status(), -1));
        }
        if (to != null && to.occupies()) {
            nextPlaces.put(to.cabin(), nextPlaces.getOrDefault(to.cabin(), Places.NONE).add(to.status(), +1));
        }
        return new FlightState(flight, flightPosition, nextPlaces, latest(commitTime), version,
                publishedCapacity, publishedModel, published);
    }

    FlightState withFlight(FlightRow row, SourcePosition position) {
        return new FlightState(row, position, places, latest(position.commitTime()), version,
                publishedCapacity, publishedModel, published);
    }

    /** Can be published: its row and its aircraft's seats are known. */
    boolean publishable(AircraftSeating seating) {
        return flight != null && seating != null && !seating.seats().isEmpty();
    }

    /** Published once, but the aircraft's seats or name have changed since (a new seat map, a late one). */
    boolean outdatedBy(AircraftSeating seating) {
        return published && publishable(seating)
                && (!seating.capacities().equals(publishedCapacity) || !Objects.equals(seating.model(), publishedModel));
    }

    FlightState publishedWith(AircraftSeating seating) {
        return new FlightState(flight, flightPosition, places, sourceTimestamp, version + 1,
                seating.capacities(), seating.model(), true);
    }

    /** The flight is gone: the next version is a tombstone. */
    FlightState withdrawn() {
        return new FlightState(flight, flightPosition, places, sourceTimestamp, version + 1,
                Map.of(), null, false);
    }

    private Instant latest(Instant commitTime) {
        return commitTime.isAfter(sourceTimestamp) ? commitTime : sourceTimestamp;
    }
}
