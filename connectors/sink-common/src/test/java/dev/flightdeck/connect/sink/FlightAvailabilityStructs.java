package dev.flightdeck.connect.sink;

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
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * flight-availability records as the Avro converter hands them to a sink: Connect structs with
 * the logical types converted. Shared by the sink's unit tests and the integration tests.
 */
public final class FlightAvailabilityStructs {

    public static final String TOPIC = "flight-availability";
    public static final Schema CABIN = SchemaBuilder.struct().name("dev.flightdeck.schemas.CabinAvailability")
            .field("cabin", Schema.STRING_SCHEMA).field("capacity", Schema.INT32_SCHEMA).field("held", Schema.INT32_SCHEMA)
            .field("confirmed", Schema.INT32_SCHEMA).field("available", Schema.INT32_SCHEMA).build();
    public static final Schema FLIGHT = SchemaBuilder.struct().name("dev.flightdeck.schemas.FlightAvailability")
            .field("flightId", Schema.INT64_SCHEMA).field("flightNumber", Schema.STRING_SCHEMA)
            .field("origin", Schema.STRING_SCHEMA).field("destination", Schema.STRING_SCHEMA)
            .field("departureTime", Timestamp.SCHEMA).field("arrivalTime", Timestamp.SCHEMA)
            .field("aircraftType", Schema.STRING_SCHEMA).field("aircraftModel", Schema.OPTIONAL_STRING_SCHEMA)
            .field("status", Schema.STRING_SCHEMA).field("baseFare", Decimal.schema(2)).field("currency", Schema.STRING_SCHEMA)
            .field("cabins", SchemaBuilder.array(CABIN).build()).field("takenSeats", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("version", Schema.INT64_SCHEMA).field("sourceTimestamp", Timestamp.SCHEMA).field("updatedAt", Timestamp.SCHEMA)
            .build();

    private FlightAvailabilityStructs() {
    }

    /** A flight with one Y cabin of 150 seats, two held, the taken seats confirmed; arrives 3 h after departure. */
    public static Struct flight(long id, long version, String origin, String destination, Instant departure, List<String> seats) {
        return new Struct(FLIGHT).put("flightId", id).put("flightNumber", "FD" + id).put("origin", origin).put("destination", destination)
                .put("departureTime", Date.from(departure)).put("arrivalTime", Date.from(departure.plusSeconds(3 * 3600)))
                .put("aircraftType", "A320").put("aircraftModel", "A320-200").put("status", "SCHEDULED")
                .put("baseFare", new BigDecimal("129.90")).put("currency", "EUR")
                .put("cabins", List.of(new Struct(CABIN).put("cabin", "Y").put("capacity", 150).put("held", 2)
                        .put("confirmed", seats.size()).put("available", 150 - 2 - seats.size())))
                .put("takenSeats", seats).put("version", version)
                .put("sourceTimestamp", Date.from(Instant.parse("2026-11-25T10:00:00Z")))
                .put("updatedAt", Date.from(Instant.parse("2026-11-25T10:00:01Z")));
    }

    public static SinkRecord record(Struct flight, long offset) {
        return new SinkRecord(TOPIC, 0, Schema.INT64_SCHEMA, flight.getInt64("flightId"), FLIGHT, flight, offset);
    }

    /** A deleted flight: no value, its version in the header seat-availability writes. */
    public static SinkRecord tombstone(long flightId, long version, long offset) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addBytes("flightdeck.version", ByteBuffer.allocate(Long.BYTES).putLong(version).array());
        return new SinkRecord(TOPIC, 0, Schema.INT64_SCHEMA, flightId, null, null, offset, null, null, headers);
    }
}
