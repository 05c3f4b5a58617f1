package dev.flightdeck.anomalies;

import dev.flightdeck.cdc.SourcePosition;
import dev.flightdeck.cdc.flights.Booking;
import dev.flightdeck.cdc.flights.BookingChange;
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

    /** The seat a booking occupies, and the position of the change that said so. */
    private record Occupied(long flightId, String seat, SourcePosition position) {
    }

    private ProcessorContext<Long, SeatEvent> context;
    private KeyValueStore<Long, String> seats;

    @Override
    public void init(ProcessorContext<Long, SeatEvent> context) {
        this.context = context;
        this.seats = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<byte[], BookingChange> record) {
        BookingChange change = record.value();
        long bookingId = change.latest().id();
        String storedLine = seats.get(bookingId);
        SourcePosition applied = storedLine == null ? null : position(storedLine);
        if (!change.source().isAfter(applied)) {
            return;
        }
        Occupied before = storedLine != null ? occupied(storedLine) : occupying(change.before(), null);
        Occupied now = occupying(change.current(), change.source());
        long commit = change.source().commitTime().toEpochMilli();
        boolean moved = before == null || now == null || before.flightId() != now.flightId() || !Objects.equals(before.seat(), now.seat());
        if (before != null && before.seat() != null && moved) {
            context.forward(record.withKey(before.flightId()).withValue(new SeatEvent(false, bookingId, before.seat(), commit)));
        }
        if (now != null && now.seat() != null && moved) {
            context.forward(record.withKey(now.flightId()).withValue(new SeatEvent(true, bookingId, now.seat(), commit)));
        }
        seats.put(bookingId, line(now, change.source()));
    }

    /** The seat an active (held or confirmed) booking occupies; null when it occupies none. */
    private static Occupied occupying(Booking booking, SourcePosition position) {
        boolean active = booking != null && (booking.status() == BookingStatus.HELD || booking.status() == BookingStatus.CONFIRMED);
        return active && booking.seatNo() != null ? new Occupied(booking.flightId(), booking.seatNo(), position) : null;
    }

    // Stored as "file|pos|row|commitMillis|snapshot|flightId|seat" ("" for flightId and seat when none).
    private static String line(Occupied now, SourcePosition p) {
        return p.binlogFile() + "|" + p.binlogPosition() + "|" + p.row() + "|" + p.commitTime().toEpochMilli() + "|" + p.snapshot()
                + "|" + (now == null ? "" : now.flightId()) + "|" + (now == null ? "" : now.seat());
    }

    private static SourcePosition position(String line) {
        String[] p = line.split("\\|", -1);
        return new SourcePosition(p[0], Long.parseLong(p[1]), Integer.parseInt(p[2]), Instant.ofEpochMilli(Long.parseLong(p[3])),
                Boolean.parseBoolean(p[4]));
    }

    private static Occupied occupied(String line) {
        String[] p = line.split("\\|", -1);
        return p[5].isEmpty() ? null : new Occupied(Long.parseLong(p[5]), p[6], position(line));
    }
}
