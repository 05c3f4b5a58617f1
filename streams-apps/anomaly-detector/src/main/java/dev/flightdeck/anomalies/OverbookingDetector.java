package dev.flightdeck.anomalies;

import dev.flightdeck.schemas.Anomaly;
import dev.flightdeck.schemas.CabinAvailability;
import dev.flightdeck.schemas.FlightAvailability;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Overbooking, per flight and cabin, from seat-availability's flight-availability: held plus
 * confirmed above the capacity with its allowance. Critical. One alert when a cabin goes over;
 * it alerts again only after it came back within the allowance and went over once more.
 * The store keeps, per flight, the newest version seen and the cabins over ("12|J,Y"), so a
 * redelivered or older version changes nothing.
 */
final class OverbookingDetector implements Processor<Long, FlightAvailability, String, Anomaly> {

    static final String STORE = "overbooking-episodes";

    private final Thresholds thresholds;
    private final Alerts alerts;
    private ProcessorContext<String, Anomaly> context;
    private KeyValueStore<Long, String> episodes;

    OverbookingDetector(Thresholds thresholds, Alerts alerts) {
        this.thresholds = thresholds;
        this.alerts = alerts;
    }

    @Override
    public void init(ProcessorContext<String, Anomaly> context) {
        this.context = context;
        this.episodes = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<Long, FlightAvailability> record) {
        long flightId = record.key();
        FlightAvailability flight = record.value();
        String stored = episodes.get(flightId);
        long seenVersion = stored == null ? -1 : Long.parseLong(stored.substring(0, stored.indexOf('|')));
        TreeSet<String> over = new TreeSet<>();
        if (stored != null && stored.indexOf('|') < stored.length() - 1) {
            over.addAll(List.of(stored.substring(stored.indexOf('|') + 1).split(",")));
        }
        if (flight == null) {
            episodes.delete(flightId); // the flight is gone: nothing of it can be overbooked any more
            return;
        }
        if (flight.getVersion() <= seenVersion) {
            return;
        }
        for (CabinAvailability cabin : flight.getCabins()) {
            int taken = cabin.getHeld() + cabin.getConfirmed();
            int allowed = thresholds.allowedSeats(cabin.getCapacity());
            if (taken <= allowed) {
                over.remove(cabin.getCabin());
            } else if (over.add(cabin.getCabin())) {
                alerts.raise(context, record, overbooked(flight, cabin, taken, allowed));
            }
        }
        episodes.put(flightId, flight.getVersion() + "|" + String.join(",", over));
    }

    private Anomaly overbooked(FlightAvailability flight, CabinAvailability cabin, int taken, int allowed) {
        String id = Alerts.stableId(Alerts.OVERBOOKING, flight.getFlightId(), cabin.getCabin(), flight.getVersion());
        String explanation = String.format("Flight %s (%s-%s) cabin %s has %d seats held or confirmed for %d seats; "
                        + "at most %d are allowed (%.1f %% overbooking)", flight.getFlightNumber(), flight.getOrigin(),
                flight.getDestination(), cabin.getCabin(), taken, cabin.getCapacity(), allowed, thresholds.overbookingAllowedPercent());
        return alerts.begin(id, Alerts.OVERBOOKING, Alerts.CRITICAL, flight.getSourceTimestamp().toEpochMilli(),
                        List.of("held=" + cabin.getHeld(), "confirmed=" + cabin.getConfirmed(), "capacity=" + cabin.getCapacity(),
                                "flight-availability version " + flight.getVersion()), explanation)
                .setFlightId(flight.getFlightId()).setCabin(cabin.getCabin())
                .setRoute(flight.getOrigin() + "-" + flight.getDestination())
                .setObserved((double) taken).setExpected((double) allowed).build();
    }
}
