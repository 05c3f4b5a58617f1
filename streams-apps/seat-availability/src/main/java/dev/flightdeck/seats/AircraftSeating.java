package dev.flightdeck.seats;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.flightdeck.cdc.flights.AircraftTypeRow;
import dev.flightdeck.cdc.flights.Cabin;
import dev.flightdeck.cdc.flights.SeatMapRow;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The seats of one aircraft type by cabin (from {@code seat_map}) and its name (from
 * {@code aircraft_type}): what a flight's capacity and seat plan come from. Immutable.
 *
 * @param capacities seats per cabin, cabins the aircraft does not have absent; counted from the
 *                   seats when built (pass null) and never stored, so that every publication of
 *                   a flight reads them without counting again
 */
record AircraftSeating(String aircraftType, String manufacturer, String model, SortedMap<String, Cabin> seats,
                       @JsonIgnore Map<Cabin, Integer> capacities) {

    AircraftSeating {
        TreeMap<String, Cabin> ordered = new TreeMap<>(SeatOrder.INSTANCE);
        ordered.putAll(seats);
        seats = Collections.unmodifiableSortedMap(ordered);
        Map<Cabin, Integer> counted = new EnumMap<>(Cabin.class);
        seats.values().forEach(cabin -> counted.merge(cabin, 1, Integer::sum));
        capacities = Collections.unmodifiableMap(counted);
    }

    AircraftSeating(String aircraftType, String manufacturer, String model, SortedMap<String, Cabin> seats) {
        this(aircraftType, manufacturer, model, seats, null);
    }

    static AircraftSeating none(String aircraftType) {
        return new AircraftSeating(aircraftType, null, null, new TreeMap<>());
    }

    AircraftSeating withSeat(SeatMapRow seat) {
        TreeMap<String, Cabin> next = new TreeMap<>(seats);
        next.put(seat.seatNo(), seat.cabin());
        return new AircraftSeating(seat.aircraftType(), manufacturer, model, next);
    }

    AircraftSeating withoutSeat(SeatMapRow seat) {
        TreeMap<String, Cabin> next = new TreeMap<>(seats);
        next.remove(seat.seatNo());
        return new AircraftSeating(aircraftType, manufacturer, model, next);
    }

    AircraftSeating withType(AircraftTypeRow type) {
        return type == null ? this : new AircraftSeating(aircraftType, type.manufacturer(), type.model(), seats);
    }
}
