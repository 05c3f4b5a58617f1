package dev.flightdeck.anomalies;

import dev.flightdeck.anomalies.BookingActivity.Kind;
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
 * Stage one of the per-flight detectors, per booking (partitioned like {@code cdc.flights.booking}):
 * what a booking change means to each flight it touches, as {@link FlightEvent}s keyed by flight id.
 * The seat it left and the seat it took feed the double-booked-seat detector; a booking made or
 * cancelled ({@link BookingActivity}) feeds the spike detectors. Both ride one record per flight,
 * so that a booking change crosses the repartition topic once, not once per detector.
 *
 * <p>A change at or before the binlog position already applied for the booking is a duplicate or a
 * stale redelivery and is dropped, so a replayed old change neither puts a booking back on a seat it
 * left nor counts it as booked twice. Records are stamped with the source commit time, so that the
 * windows downstream count in event time.
 */
final class FlightEventRouter implements Processor<byte[], BookingChange, Long, FlightEvent> {

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

    private ProcessorContext<Long, FlightEvent> context;
    private KeyValueStore<Long, Applied> seats;

    @Override
    public void init(ProcessorContext<Long, FlightEvent> context) {
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
        SeatEvent left = before != null && before.seat() != null && moved ? new SeatEvent(false, bookingId, before.seat(), commit) : null;
        SeatEvent taken = now != null && now.seat() != null && moved ? new SeatEvent(true, bookingId, now.seat(), commit) : null;
        Kind activity = BookingActivity.kind(change);
        // A booking made takes its seat on the flight it is made on, and a cancelled one leaves its
        // seat there: the activity goes with that seat event when there is one.
        long activityFlight = activity == null ? -1 : change.after().flightId();
        boolean activityWithTaken = activity != null && taken != null && now.flightId() == activityFlight;
        boolean activityWithLeft = activity != null && !activityWithTaken && left != null && before.flightId() == activityFlight;
        if (left != null) {
            forward(before.flightId(), new FlightEvent(activityWithLeft ? activity : null, left), commit);
        }
        if (taken != null) {
            forward(now.flightId(), new FlightEvent(activityWithTaken ? activity : null, taken), commit);
        }
        if (activity != null && !activityWithTaken && !activityWithLeft) {
            forward(activityFlight, new FlightEvent(activity, null), commit);
        }
        seats.put(bookingId, new Applied(change.source(), now));
    }

    /** Without the CDC record's headers: they mean nothing past this step, and each would be written to the repartition topic. */
    private void forward(long flightId, FlightEvent event, Instant commit) {
        context.forward(new Record<>(flightId, event, commit.toEpochMilli()));
    }

    /** The seat an active (held or confirmed) booking occupies; null when it occupies none. */
    private static Occupied occupying(BookingRow booking) {
        boolean active = booking != null && (booking.status() == BookingStatus.HELD || booking.status() == BookingStatus.CONFIRMED);
        return active && booking.seatNo() != null ? new Occupied(booking.flightId(), booking.seatNo()) : null;
    }
}
