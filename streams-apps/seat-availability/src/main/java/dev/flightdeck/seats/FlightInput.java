package dev.flightdeck.seats;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.flightdeck.cdc.SourcePosition;
import dev.flightdeck.cdc.flights.FlightRow;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What reaches a flight after the CDC topics are re-keyed by flight id (the repartition topic
 * {@code seat-availability-flight-inputs}): a booking taking or changing its place, a booking
 * leaving the flight, or the flight's own row. Each carries the binlog position of its change.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = FlightInput.BookingPlaced.class, name = "placed"),
        @JsonSubTypes.Type(value = FlightInput.BookingLeft.class, name = "left"),
        @JsonSubTypes.Type(value = FlightInput.FlightUpdated.class, name = "flight")})
sealed interface FlightInput {

    /** Where in the binlog the change is. */
    SourcePosition position();

    /** When the source transaction committed. */
    default Instant commitTime() {
        return position().commitTime();
    }

    /**
     * The record stage one sends for a CDC change, keyed by the flight, without the CDC record's
     * headers: Debezium's context headers (connector, task, run id) mean nothing past stage one,
     * and each header left on a record is written to the repartition topic and decoded again by
     * every read of it.
     */
    static Record<Long, FlightInput> toFlight(Record<byte[], byte[]> change, long flightId, FlightInput input) {
        return new Record<>(flightId, input, change.timestamp(), new RecordHeaders());
    }

    /** The booking is on this flight with this place (created, confirmed, moved here, re-seated...). */
    record BookingPlaced(long bookingId, BookingPlace place, SourcePosition position) implements FlightInput {
    }

    /** The booking is no longer on this flight (deleted, or moved to another flight). */
    record BookingLeft(long bookingId, SourcePosition position) implements FlightInput {
    }

    /** The flight's row as of {@code position}; null when the flight was deleted. */
    record FlightUpdated(FlightRow flight, SourcePosition position) implements FlightInput {
    }
}
