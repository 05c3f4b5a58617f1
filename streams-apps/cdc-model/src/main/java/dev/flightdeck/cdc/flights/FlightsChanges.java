package dev.flightdeck.cdc.flights;

import dev.flightdeck.cdc.ConfluentAvroDecoder;
import dev.flightdeck.cdc.Envelope;
import dev.flightdeck.cdc.MalformedChangeException;

/**
 * Turns the bytes of a {@code cdc.flights.<table>} record into a typed change. The one place that
 * knows how Debezium's envelopes and the flights tables map to Java: every consumer of the CDC
 * topics decodes through here.
 */
public final class FlightsChanges {

    private final ConfluentAvroDecoder decoder;

    public FlightsChanges(ConfluentAvroDecoder decoder) {
        this.decoder = decoder;
    }

    public Envelope envelope(byte[] value) {
        return Envelope.of(decoder.decode(value));
    }

    public BookingChange booking(byte[] value) {
        Envelope e = expect(envelope(value), "booking");
        return new BookingChange(e.op(), BookingRow.from(e.before()), BookingRow.from(e.after()), e.source());
    }

    public FlightChange flight(byte[] value) {
        Envelope e = expect(envelope(value), "flight");
        return new FlightChange(e.op(), FlightRow.from(e.before()), FlightRow.from(e.after()), e.source());
    }

    public SeatMapChange seatMap(byte[] value) {
        Envelope e = expect(envelope(value), "seat_map");
        return new SeatMapChange(e.op(), SeatMapRow.from(e.before()), SeatMapRow.from(e.after()), e.source());
    }

    public AircraftTypeChange aircraftType(byte[] value) {
        Envelope e = expect(envelope(value), "aircraft_type");
        return new AircraftTypeChange(e.op(), AircraftTypeRow.from(e.before()), AircraftTypeRow.from(e.after()), e.source());
    }

    public AirportChange airport(byte[] value) {
        Envelope e = expect(envelope(value), "airport");
        return new AirportChange(e.op(), AirportRow.from(e.before()), AirportRow.from(e.after()), e.source());
    }

    private static Envelope expect(Envelope envelope, String table) {
        if (envelope.table() != null && !envelope.table().equals(table)) {
            throw new MalformedChangeException("expected a change of table " + table + " but got one of "
                    + envelope.table() + " (schema " + envelope.schemaId() + ")");
        }
        if (envelope.before() == null && envelope.after() == null) {
            throw new MalformedChangeException("a " + envelope.op() + " change of " + table
                    + " with neither before nor after (TRUNCATE is not handled here)");
        }
        return envelope;
    }
}
