package dev.flightdeck.seats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.cdc.SourcePosition;
import dev.flightdeck.cdc.flights.BookingStatus;
import dev.flightdeck.cdc.flights.Cabin;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

    private final JsonSerde<FlightInput> serde = JsonSerde.of(FlightInput.class);

    @Test
    void shouldStoreTimesAsEpochMilliseconds() {
        SourcePosition position = new SourcePosition("mysql-bin.000003", 4711, 0, Instant.parse("2026-11-30T10:00:00.123Z"), false);
        byte[] stored = serde.serializer().serialize("t", new FlightInput.BookingLeft(7, position));

        assertThat(new String(stored, StandardCharsets.UTF_8)).isEqualTo("{\"kind\":\"left\",\"bookingId\":7,\"position\":"
                + "{\"binlogFile\":\"mysql-bin.000003\",\"binlogPosition\":4711,\"row\":0,\"commitTime\":1796032800123,\"snapshot\":false}}");
        assertThat(serde.deserializer().deserialize("t", stored)).isEqualTo(new FlightInput.BookingLeft(7, position));
    }

    @Test
    void shouldReadWhatEarlierVersionsWroteOnTheRepartitionTopicWithoutAPosition() {
        byte[] stored = "{\"kind\":\"left\",\"bookingId\":7,\"commitTime\":\"2026-11-30T10:00:00.123Z\"}".getBytes(StandardCharsets.UTF_8);

        FlightInput read = serde.deserializer().deserialize("t", stored);
        assertThat(read).isEqualTo(new FlightInput.BookingLeft(7, null));
        assertThat(read.commitTime()).isNull();
    }

    @Test
    void shouldReadTheBarePlaceEarlierVersionsStoredPerBookingAsOlderThanAnyChange() {
        JsonSerde<PlaceOnFlight> places = JsonSerde.of(PlaceOnFlight.class);
        byte[] stored = "{\"cabin\":\"Y\",\"status\":\"HELD\",\"seatNo\":\"10A\"}".getBytes(StandardCharsets.UTF_8);

        PlaceOnFlight read = places.deserializer().deserialize("t", stored);
        assertThat(read).isEqualTo(new PlaceOnFlight(new BookingPlace(Cabin.Y, BookingStatus.HELD, "10A"), null));
        assertThat(read.olderThan(new SourcePosition("mysql-bin.000001", 4, 0, Instant.EPOCH, true))).isTrue();
        PlaceOnFlight left = new PlaceOnFlight(null, new SourcePosition("mysql-bin.000003", 4711, 0, Instant.EPOCH, false));
        assertThat(places.deserializer().deserialize("t", places.serializer().serialize("t", left))).isEqualTo(left);
    }
}
