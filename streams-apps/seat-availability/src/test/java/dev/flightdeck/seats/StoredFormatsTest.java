package dev.flightdeck.seats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.cdc.SourcePosition;
import dev.flightdeck.cdc.flights.BookingStatus;
import dev.flightdeck.cdc.flights.Cabin;
import dev.flightdeck.streams.runtime.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the app writes to its repartition topic and stores, through the runtime's JSON serde. */
class StoredFormatsTest {

    private static final SourcePosition POSITION =
            new SourcePosition("mysql-bin.000003", 4711, 0, Instant.parse("2026-11-30T10:00:00.123Z"), false);

    @Test
    void shouldWriteFlightInputsWithTheirKindAndTimesAsEpochMilliseconds() {
        JsonSerde<FlightInput> serde = JsonSerde.of(FlightInput.class);

        byte[] stored = serde.serializer().serialize("t", new FlightInput.BookingLeft(7, POSITION));

        assertThat(new String(stored, StandardCharsets.UTF_8)).isEqualTo("{\"schemaVersion\":1,\"value\":{\"kind\":\"left\","
                + "\"bookingId\":7,\"position\":{\"binlogFile\":\"mysql-bin.000003\",\"binlogPosition\":4711,\"row\":0,"
                + "\"commitTime\":1796032800123,\"snapshot\":false}}}");
        assertThat(serde.deserializer().deserialize("t", stored)).isEqualTo(new FlightInput.BookingLeft(7, POSITION));
    }

    @Test
    void shouldReadBackAPlaceAndTheMarkOfABookingThatLeft() {
        JsonSerde<PlaceOnFlight> places = JsonSerde.of(PlaceOnFlight.class);
        PlaceOnFlight held = new PlaceOnFlight(new BookingPlace(Cabin.Y, BookingStatus.HELD, "10A"), POSITION);
        PlaceOnFlight left = new PlaceOnFlight(null, POSITION);

        assertThat(places.deserializer().deserialize("t", places.serializer().serialize("t", held))).isEqualTo(held);
        assertThat(places.deserializer().deserialize("t", places.serializer().serialize("t", left))).isEqualTo(left);
    }
}
