package dev.flightdeck.seats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

    private final JsonSerde<FlightInput> serde = JsonSerde.of(FlightInput.class);

    @Test
    void shouldStoreTimesAsEpochMilliseconds() {
        byte[] stored = serde.serializer().serialize("t", new FlightInput.BookingLeft(7, Instant.parse("2026-11-30T10:00:00.123Z")));

        assertThat(new String(stored, StandardCharsets.UTF_8)).isEqualTo("{\"kind\":\"left\",\"bookingId\":7,\"commitTime\":1796032800123}");
    }

    @Test
    void shouldReadTimesEarlierVersionsStoredAsIsoText() {
        byte[] stored = "{\"kind\":\"left\",\"bookingId\":7,\"commitTime\":\"2026-11-30T10:00:00.123Z\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(serde.deserializer().deserialize("t", stored))
                .isEqualTo(new FlightInput.BookingLeft(7, Instant.parse("2026-11-30T10:00:00.123Z")));
    }
}
