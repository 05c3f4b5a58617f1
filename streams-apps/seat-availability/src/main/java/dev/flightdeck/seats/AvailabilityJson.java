package dev.flightdeck.seats;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.flightdeck.cdc.flights.Cabin;
import dev.flightdeck.schemas.CabinAvailability;
import dev.flightdeck.schemas.FlightAvailability;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The JSON the HTTP API answers with (the same facts as the Avro record, named for people). */
final class AvailabilityJson {

    /** Times as ISO-8601 text; fields a newer instance adds to a forwarded answer are ignored. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private AvailabilityJson() {
    }

    record CabinJson(String cabin, int capacity, int held, int confirmed, int available) {
    }

    record FlightJson(long flightId, String flightNumber, String origin, String destination, Instant departureTime,
                      Instant arrivalTime, String aircraftType, String aircraftModel, String status, BigDecimal baseFare,
                      String currency, List<CabinJson> cabins, List<String> takenSeats, long version,
                      Instant sourceTimestamp) {

        static FlightJson of(FlightAvailability a) {
            List<CabinJson> cabins = new ArrayList<>();
            for (CabinAvailability c : a.getCabins()) {
                cabins.add(new CabinJson(c.getCabin(), c.getCapacity(), c.getHeld(), c.getConfirmed(), c.getAvailable()));
            }
            return new FlightJson(a.getFlightId(), a.getFlightNumber(), a.getOrigin(), a.getDestination(),
                    a.getDepartureTime(), a.getArrivalTime(), a.getAircraftType(), a.getAircraftModel(), a.getStatus(),
                    a.getBaseFare(), a.getCurrency(), cabins, a.getTakenSeats(), a.getVersion(), a.getSourceTimestamp());
        }
    }

    record SeatJson(String seat, Cabin cabin, boolean taken) {
    }

    record SeatPlanJson(long flightId, String flightNumber, String aircraftType, long version, List<SeatJson> seats) {

        static SeatPlanJson of(KnownFlight known, AircraftSeating seating) {
            FlightState state = known.state();
            List<SeatJson> seats = new ArrayList<>();
            for (Map.Entry<String, Cabin> seat : seating.seats().entrySet()) {
                seats.add(new SeatJson(seat.getKey(), seat.getValue(), known.takenSeats().contains(seat.getKey())));
            }
            // A seat taken that is not on the aircraft (a swap to a smaller one) must still show up.
            known.takenSeats().distinct().stream().filter(s -> !seating.seats().containsKey(s))
                    .forEach(s -> seats.add(new SeatJson(s, null, true)));
            return new SeatPlanJson(state.flight().id(), state.flight().flightNumber(), state.flight().aircraftType(),
                    state.version(), seats);
        }
    }

    /** A search's flights; {@code nextCursor} asks for the next page, and is absent on the last page and on unpaged searches. */
    record FlightListJson(int count, List<FlightJson> flights, @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor) {
        static FlightListJson of(List<FlightJson> flights, String nextCursor) {
            return new FlightListJson(flights.size(), flights, nextCursor);
        }
    }

    record ErrorJson(int status, String error) {
    }
}
