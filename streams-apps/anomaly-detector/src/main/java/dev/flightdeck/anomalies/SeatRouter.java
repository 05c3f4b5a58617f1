package dev.flightdeck.anomalies;

import dev.flightdeck.cdc.SourcePosition;
import dev.flightdeck.cdc.flights.BookingChange;
import dev.flightdeck.cdc.flights.BookingRow;
import dev.flightdeck.cdc.flights.BookingStatus;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage one of the double-booked-seat detector, per booking (partitioned like
 * {@code cdc.flights.booking}): which seat the booking occupies now. A change at or before the
 * binlog position already applied for the booking is a duplicate or a stale redelivery and is
 * dropped, so a replayed old change cannot put a booking back on a seat it left. Each move is
 * sent, keyed by flight id, as the seat left and the seat taken.
 */
final class SeatRouter implements Processor<byte[], BookingChange, Long, SeatEvent> {

    static final String STORE = "booking-seats";

    /** A seat of a flight that a booking occupies. */
    record Occupied(long flightId, String seat) {
    }

    /**
     * What the store keeps per booking: the position of the last change applied, and the seat the
     * booking occupies since (null: none).
     */
    record Applied(SourcePosition position, Occupied occupied) {
    }

    private ProcessorContext<Long, SeatEvent> context;
    private KeyValueStore<Long, Applied> seats;

    @Override
    public void init(ProcessorContext<Long, SeatEvent> context) {
        this.context = context;
        this.seats = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<byte[], BookingChange> record) {
        BookingChange change = record.value();
        long bookingId = change.latest().id();
        Applied applied = seats.get(bookingId);
        if (!change.source().isAfter(applied == null ? null : applied.position())) {
            return;
        }
        Occupied before = applied != null ? applied.occupied() : occupying(change.before());
        Occupied now = occupying(change.current());
        Instant commit = change.source().commitTime();
        boolean moved = before == null || now == null || before.flightId() != now.flightId() || !Objects.equals(before.seat(), now.seat());
        if (before != null && before.seat() != null && moved) {
            context.forward(record.withKey(before.flightId()).withValue(new SeatEvent(false, bookingId, before.seat(), commit)));
        }
        if (now != null && now.seat() != null && moved) {
            context.forward(record.withKey(now.flightId()).withValue(new SeatEvent(true, bookingId, now.seat(), commit)));
        }
        seats.put(bookingId, new Applied(change.source(), now));
    }

    /** The seat an active (held or confirmed) booking occupies; null when it occupies none. */
    private static Occupied occupying(BookingRow booking) {
        boolean active = booking != null && (booking.status() == BookingStatus.HELD || booking.status() == BookingStatus.CONFIRMED);
        return active && booking.seatNo() != null ? new Occupied(booking.flightId(), booking.seatNo()) : null;
    }
}
