package dev.flightdeck.connect.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** flight-availability as the Avro converter hands it to a sink: Connect structs, logical types converted. */
class FlightRecordsTest {

    static final Schema CABIN = SchemaBuilder.struct().name("dev.flightdeck.schemas.CabinAvailability")
            .field("cabin", Schema.STRING_SCHEMA).field("capacity", Schema.INT32_SCHEMA).field("held", Schema.INT32_SCHEMA)
            .field("confirmed", Schema.INT32_SCHEMA).field("available", Schema.INT32_SCHEMA).build();
    static final Schema FLIGHT = SchemaBuilder.struct().name("dev.flightdeck.schemas.FlightAvailability")
            .field("flightId", Schema.INT64_SCHEMA).field("flightNumber", Schema.STRING_SCHEMA)
            .field("origin", Schema.STRING_SCHEMA).field("destination", Schema.STRING_SCHEMA)
            .field("departureTime", Timestamp.SCHEMA).field("arrivalTime", Timestamp.SCHEMA)
            .field("aircraftType", Schema.STRING_SCHEMA).field("aircraftModel", Schema.OPTIONAL_STRING_SCHEMA)
            .field("status", Schema.STRING_SCHEMA).field("baseFare", Decimal.schema(2)).field("currency", Schema.STRING_SCHEMA)
            .field("cabins", SchemaBuilder.array(CABIN).build()).field("takenSeats", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("version", Schema.INT64_SCHEMA).field("sourceTimestamp", Timestamp.SCHEMA).field("updatedAt", Timestamp.SCHEMA)
            .build();

    private final FlightRecords records = new FlightRecords("version", "flightdeck.version");

    static Struct flight(long id, long version, int yAvailable, List<String> seats) {
        return new Struct(FLIGHT).put("flightId", id).put("flightNumber", "FD" + id).put("origin", "FRA").put("destination", "LIS")
                .put("departureTime", Date.from(Instant.parse("2026-12-01T23:30:00Z")))
                .put("arrivalTime", Date.from(Instant.parse("2026-12-02T02:30:00Z")))
                .put("aircraftType", "A320").put("aircraftModel", "A320-200").put("status", "SCHEDULED")
                .put("baseFare", new BigDecimal("129.90")).put("currency", "EUR")
                .put("cabins", List.of(new Struct(CABIN).put("cabin", "Y").put("capacity", 150).put("held", 2)
                        .put("confirmed", 150 - 2 - yAvailable).put("available", yAvailable)))
                .put("takenSeats", seats).put("version", version)
                .put("sourceTimestamp", Date.from(Instant.parse("2026-11-25T10:00:00Z")))
                .put("updatedAt", Date.from(Instant.parse("2026-11-25T10:00:01Z")));
    }

    @Test
    void shouldReadAFlightIntoItsHashSeatsAndRouteOfTheDepartureDayInUtc() {
        FlightOperation.Upsert upsert = (FlightOperation.Upsert) records.read(
                new SinkRecord("flight-availability", 0, Schema.INT64_SCHEMA, 42L, FLIGHT, flight(42, 7, 40, List.of("1A", "2C")), 10));
        assertThat(upsert.flightId()).isEqualTo(42);
        assertThat(upsert.version()).isEqualTo(7);
        assertThat(upsert.route()).isEqualTo("FRA:LIS:2026-12-01");
        assertThat(upsert.takenSeats()).containsExactly("1A", "2C");
        assertThat(upsert.fields()).containsEntry("Y.available", "40").containsEntry("Y.capacity", "150")
                .containsEntry("baseFare", "129.90").containsEntry("departureTime", "2026-12-01T23:30:00Z")
                .containsEntry("aircraftModel", "A320-200");
    }

    @Test
    void shouldReadATombstoneWithItsVersionFromTheHeader() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addBytes("flightdeck.version", ByteBuffer.allocate(8).putLong(9).array());
        SinkRecord tombstone = new SinkRecord("flight-availability", 0, Schema.INT64_SCHEMA, 42L, null, null, 11,
                null, null, headers);
        assertThat(records.read(tombstone)).isEqualTo(new FlightOperation.Delete(42, 9));
    }

    @Test
    void shouldRefuseATombstoneWithoutAVersionAndAValueThatIsNotAStruct() {
        assertThatThrownBy(() -> records.read(new SinkRecord("flight-availability", 0, Schema.INT64_SCHEMA, 42L, null, null, 11)))
                .isInstanceOf(DataException.class).hasMessageContaining("no flightdeck.version header");
        assertThatThrownBy(() -> records.read(new SinkRecord("flight-availability", 0, null, "x", null, "{}", 12)))
                .isInstanceOf(DataException.class).hasMessageContaining("key 'x' is not a flight id");
        assertThatThrownBy(() -> records.read(new SinkRecord("flight-availability", 0, null, 5L, null, "{}", 12)))
                .isInstanceOf(DataException.class).hasMessageContaining("not a struct");
    }
}
