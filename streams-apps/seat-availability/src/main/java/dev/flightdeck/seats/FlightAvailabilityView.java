package dev.flightdeck.seats;

import dev.flightdeck.cdc.flights.Cabin;
import dev.flightdeck.cdc.flights.FlightRow;
import dev.flightdeck.schemas.CabinAvailability;
import dev.flightdeck.schemas.FlightAvailability;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The published form of a flight's state: the {@code flight-availability} record. */
final class FlightAvailabilityView {

    private FlightAvailabilityView() {
    }

    static FlightAvailability of(KnownFlight known, Instant updatedAt) {
        FlightState state = known.state();
        FlightRow flight = state.flight();
        List<CabinAvailability> cabins = new ArrayList<>();
        for (Cabin cabin : Cabin.values()) {
            int capacity = state.publishedCapacity().getOrDefault(cabin, 0);
            FlightState.Places places = state.places().getOrDefault(cabin, FlightState.Places.NONE);
            if (capacity == 0 && places.equals(FlightState.Places.NONE)) {
                continue; // a cabin this aircraft does not have, and nobody booked it
            }
            cabins.add(CabinAvailability.newBuilder()
                    .setCabin(cabin.name())
                    .setCapacity(capacity)
                    .setHeld(places.held())
                    .setConfirmed(places.confirmed())
                    .setAvailable(capacity - places.held() - places.confirmed())
                    .build());
        }
        return FlightAvailability.newBuilder()
                .setFlightId(flight.id())
                .setFlightNumber(flight.flightNumber())
                .setOrigin(flight.origin())
                .setDestination(flight.destination())
                .setDepartureTime(flight.departureTime())
                .setArrivalTime(flight.arrivalTime())
                .setAircraftType(flight.aircraftType())
                .setAircraftModel(state.publishedModel())
                .setStatus(flight.status())
                .setBaseFare(flight.baseFare().setScale(2, RoundingMode.HALF_EVEN))
                .setCurrency(flight.currency())
                .setCabins(cabins)
                .setTakenSeats(known.takenSeats().distinct())
                .setVersion(state.version())
                .setSourceTimestamp(state.sourceTimestamp())
                .setUpdatedAt(updatedAt)
                .build();
    }
}
