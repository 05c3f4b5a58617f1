package dev.flightdeck.anomalies;

import dev.flightdeck.schemas.Anomaly;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage two, per flight: the active bookings on each seat. Two or more on one seat is a
 * double-booked seat: critical, one alert per episode (it alerts again only after the seat was
 * single again). The store holds per "flightId/seat" whether the episode was raised and the
 * bookings ("1|7,9"); taking and leaving are set operations, so a repeated event changes nothing.
 */
final class DoubleBookedSeatDetector implements Processor<Long, SeatEvent, String, Anomaly> {

    static final String STORE = "seat-occupants";

    private final Alerts alerts;
    private ProcessorContext<String, Anomaly> context;
    private KeyValueStore<String, String> occupants;

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
        String stored = occupants.get(key);
        boolean raised = stored != null && stored.startsWith("1");
        TreeSet<Long> bookings = new TreeSet<>();
        if (stored != null && stored.length() > 2) {
            Arrays.stream(stored.substring(2).split(",")).map(Long::parseLong).forEach(bookings::add);
        }
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
            occupants.put(key, (raised ? "1|" : "0|") + String.join(",", bookings.stream().map(String::valueOf).toList()));
        }
    }

    private Anomaly doubleBooked(long flightId, SeatEvent event, TreeSet<Long> bookings) {
        // The episode is identified by the seat and the bookings on it when it became double.
        String id = Alerts.stableId(Alerts.DOUBLE_BOOKED_SEAT, flightId, event.seat(), bookings);
        List<String> evidence = new ArrayList<>();
        bookings.forEach(booking -> evidence.add("booking " + booking));
        String explanation = String.format("Seat %s of flight %d is held or confirmed by %d bookings at once: %s",
                event.seat(), flightId, bookings.size(), bookings);
        return alerts.begin(id, Alerts.DOUBLE_BOOKED_SEAT, Alerts.CRITICAL, event.commitMillis(), evidence, explanation)
                .setFlightId(flightId).setSeat(event.seat()).setObserved((double) bookings.size()).setExpected(1.0).build();
    }
}
