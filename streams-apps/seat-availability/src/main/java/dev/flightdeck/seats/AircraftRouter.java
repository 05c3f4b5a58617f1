package dev.flightdeck.seats;

import dev.flightdeck.cdc.flights.AircraftTypeChange;
import dev.flightdeck.cdc.flights.AircraftTypeRow;
import dev.flightdeck.cdc.flights.FlightsChanges;
import dev.flightdeck.cdc.flights.SeatMapChange;
import dev.flightdeck.cdc.flights.SeatMapRow;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Seat-map and aircraft-type rows as table updates: keyed by a readable key, value null when the
 * row was deleted, so a KTable keeps exactly the rows that exist.
 */
final class AircraftRouter {

    private AircraftRouter() {
    }

    /** {@code seat_map} rows keyed "A320/12A". */
    static final class Seats implements Processor<byte[], byte[], String, SeatMapRow> {
        private final FlightsChanges changes;
        private ProcessorContext<String, SeatMapRow> context;

        Seats(FlightsChanges changes) {
            this.changes = changes;
        }

        @Override
        public void init(ProcessorContext<String, SeatMapRow> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            if (record.value() == null) {
                return;
            }
            SeatMapChange change = changes.seatMap(record.value());
            SeatMapRow seat = change.latest();
            context.forward(record.withKey(seat.aircraftType() + "/" + seat.seatNo()).withValue(change.current()));
        }
    }

    /** {@code aircraft_type} rows keyed by type code. */
    static final class Types implements Processor<byte[], byte[], String, AircraftTypeRow> {
        private final FlightsChanges changes;
        private ProcessorContext<String, AircraftTypeRow> context;

        Types(FlightsChanges changes) {
            this.changes = changes;
        }

        @Override
        public void init(ProcessorContext<String, AircraftTypeRow> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            if (record.value() == null) {
                return;
            }
            AircraftTypeChange change = changes.aircraftType(record.value());
            context.forward(record.withKey(change.latest().code()).withValue(change.current()));
        }
    }
}
