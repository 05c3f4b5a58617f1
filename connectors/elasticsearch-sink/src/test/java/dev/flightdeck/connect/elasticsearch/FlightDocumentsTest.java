package dev.flightdeck.connect.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import dev.flightdeck.connect.sink.AvailabilityUpdate;
import dev.flightdeck.connect.sink.FlightAvailabilityStructs;
import dev.flightdeck.connect.sink.FlightRecords;
import dev.flightdeck.connect.sink.PublishedFlight;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class FlightDocumentsTest {

    private static PublishedFlight read(Struct struct) {
        return ((AvailabilityUpdate.Upsert) new FlightRecords("version", "flightdeck.version")
                .read(FlightAvailabilityStructs.record(struct, 10))).flight();
    }

    private static Struct cabin(String cabin, int capacity, int held, int confirmed) {
        return new Struct(FlightAvailabilityStructs.CABIN).put("cabin", cabin).put("capacity", capacity).put("held", held)
                .put("confirmed", confirmed).put("available", capacity - held - confirmed);
    }

    @Test
    void shouldMapEveryFieldOfTheFlight() {
        // 23:30 UTC on 1 December: the departure date is the UTC day, whatever the airport's time zone.
        PublishedFlight flight = read(FlightAvailabilityStructs.flight(42, 7, "FRA", "LIS",
                Instant.parse("2026-12-01T23:30:00Z"), List.of("1A", "2C")));

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("flightId", 42L);
        expected.put("version", 7L);
        expected.put("flightNumber", "FD42");
        expected.put("origin", "FRA");
        expected.put("destination", "LIS");
        expected.put("route", "FRA-LIS");
        expected.put("departureTime", "2026-12-01T23:30:00Z");
        expected.put("arrivalTime", "2026-12-02T02:30:00Z");
        expected.put("departureDate", "2026-12-01");
        expected.put("aircraftType", "A320");
        expected.put("aircraftModel", "A320-200");
        expected.put("status", "SCHEDULED");
        expected.put("baseFare", new BigDecimal("129.90"));
        expected.put("currency", "EUR");
        expected.put("availableSeats", 146);
        expected.put("available", Map.of("Y", 146));
        expected.put("cabins", List.of(Map.of("cabin", "Y", "capacity", 150, "held", 2, "confirmed", 2, "available", 146)));
        expected.put("takenSeats", List.of("1A", "2C"));
        expected.put("sourceTimestamp", "2026-11-25T10:00:00Z");
        expected.put("updatedAt", "2026-11-25T10:00:01Z");
        assertThat(FlightDocuments.document(flight)).containsExactlyEntriesOf(expected);
    }

    @Test
    void shouldCountSeatsPerCabinAndOverAllCabins() {
        Struct struct = FlightAvailabilityStructs.flight(7, 3, "MUC", "JFK", Instant.parse("2026-12-01T10:00:00Z"), List.of())
                .put("cabins", List.of(cabin("F", 8, 0, 8), cabin("J", 30, 2, 3), cabin("Y", 150, 10, 141)));

        Map<String, Object> document = FlightDocuments.document(read(struct));

        assertThat(document).containsEntry("available", Map.of("F", 0, "J", 25, "Y", -1)).containsEntry("availableSeats", 24);
        List<Object> cabins = ((List<?>) document.get("cabins")).stream().<Object>map(c -> ((Map<?, ?>) c).get("cabin")).toList();
        assertThat(cabins).containsExactly("F", "J", "Y");
    }

    @Test
    void shouldLeaveOutAnAircraftModelThatIsNotKnown() {
        Struct struct = FlightAvailabilityStructs.flight(9, 1, "FRA", "LIS", Instant.parse("2026-12-01T10:00:00Z"), List.of())
                .put("aircraftModel", null);

        assertThat(FlightDocuments.document(read(struct))).doesNotContainKey("aircraftModel").containsEntry("aircraftType", "A320");
    }

    @Test
    void shouldWriteTheExactFareAndIsoTimesAsJson() throws IOException {
        PublishedFlight flight = read(FlightAvailabilityStructs.flight(42, 7, "FRA", "LIS",
                Instant.parse("2026-12-01T23:30:00Z"), List.of("1A")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        FlightDocuments.json(flight, new JacksonJsonpMapper()).writeTo(out);

        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("{\"flightId\":42,\"version\":7,")
                .contains("\"baseFare\":129.90,", "\"departureDate\":\"2026-12-01\"", "\"available\":{\"Y\":147}",
                        "\"cabins\":[{\"cabin\":\"Y\",\"capacity\":150,\"held\":2,\"confirmed\":1,\"available\":147}]",
                        "\"takenSeats\":[\"1A\"]");
    }
}
