package dev.flightdeck.anomalies;

import dev.flightdeck.schemas.Anomaly;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage two, per flight: the active bookings on each seat. Two or more on one seat is a
 * double-booked seat: critical, one alert per episode (it alerts again only after the seat was
 * single again). The store holds per "flightId/seat" the {@link Occupants}; taking and leaving are
 * set operations, so a repeated event changes nothing.
 */
final class DoubleBookedSeatDetector implements Processor<Long, SeatEvent, String, Anomaly> {

    static final String STORE = "seat-occupants";

    /**
     * The active bookings on one seat, and whether the episode of it being double-booked was raised.
     *
     * @param bookings booking ids, ascending
     */
    record Occupants(boolean raised, List<Long> bookings) {
    }

    private final Alerts alerts;
    private ProcessorContext<String, Anomaly> context;
    private KeyValueStore<String, Occupants> occupants;

    DoubleBookedSeatDetector(Alerts alerts) {
        this.alerts = alerts;
    }

    @Override
    public void init(ProcessorContext<String, Anomaly> context) {
        this.context = context;
        this.occupants = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<Long, SeatEvent> record) {
        long flightId = record.key();
        SeatEvent event = record.value();
        String key = flightId + "/" + event.seat();
        Occupants stored = occupants.get(key);
        boolean raised = stored != null && stored.raised();
        TreeSet<Long> bookings = stored == null ? new TreeSet<>() : new TreeSet<>(stored.bookings());
        boolean changed = event.taken() ? bookings.add(event.bookingId()) : bookings.remove(event.bookingId());
        if (!changed) {
            return;
        }
        if (bookings.size() >= 2 && !raised) {
            raised = true;
            alerts.raise(context, record, doubleBooked(flightId, event, bookings));
        } else if (bookings.size() < 2) {
            raised = false;
        }
        if (bookings.isEmpty()) {
            occupants.delete(key);
        } else {
            occupants.put(key, new Occupants(raised, List.copyOf(bookings)));
        }
    }

    private Anomaly doubleBooked(long flightId, SeatEvent event, TreeSet<Long> bookings) {
        // The episode is identified by the seat and the bookings on it when it became double.
        String id = Alerts.stableId(Alerts.DOUBLE_BOOKED_SEAT, flightId, event.seat(), bookings);
        List<String> evidence = new ArrayList<>();
        bookings.forEach(booking -> evidence.add("booking " + booking));
        String explanation = String.format("Seat %s of flight %d is held or confirmed by %d bookings at once: %s",
                event.seat(), flightId, bookings.size(), bookings);
        return alerts.begin(id, Alerts.DOUBLE_BOOKED_SEAT, Alerts.CRITICAL, event.commitTime().toEpochMilli(), evidence, explanation)
                .setFlightId(flightId).setSeat(event.seat()).setObserved((double) bookings.size()).setExpected(1.0).build();
    }
}
