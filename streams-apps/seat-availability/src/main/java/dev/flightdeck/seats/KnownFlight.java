package dev.flightdeck.seats;

/** What the app knows of a flight: its stored state and the seats its bookings take (from {@link FlightPlaces}). */
record KnownFlight(FlightState state, TakenSeats takenSeats) {
}
