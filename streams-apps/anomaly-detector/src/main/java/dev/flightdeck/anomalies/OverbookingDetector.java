package dev.flightdeck.anomalies;

import dev.flightdeck.schemas.Anomaly;
import dev.flightdeck.schemas.CabinAvailability;
import dev.flightdeck.schemas.FlightAvailability;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Overbooking, per flight and cabin, from seat-availability's flight-availability: held plus
 * confirmed above the capacity with its allowance. Critical. One alert when a cabin goes over;
 * it alerts again only after it came back within the allowance and went over once more.
 * A cabin's capacity is trusted only once a version shows it unchanged from the version before:
 * while Debezium's snapshot streams a seat map in, flights are published with part of their
 * seats, and a capacity that is still growing makes any full cabin look overbooked.
 * The store keeps, per flight, the newest version seen, the cabins over and the capacities
 * ("12|J,Y|F=8,J=16,Y=150"), so a redelivered or older version changes nothing.
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
        if (flight == null) {
            episodes.delete(flightId); // the flight is gone: nothing of it can be overbooked any more
            return;
        }
        String[] stored = episodes.get(flightId) == null ? null : episodes.get(flightId).split("\\|", -1);
        if (stored != null && flight.getVersion() <= Long.parseLong(stored[0])) {
            return;
        }
        TreeSet<String> over = new TreeSet<>();
        Map<String, Integer> previousCapacity = new TreeMap<>();
        if (stored != null) {
            Arrays.stream(stored[1].split(",")).filter(c -> !c.isEmpty()).forEach(over::add);
            Arrays.stream(stored[2].split(",")).filter(c -> !c.isEmpty())
                    .forEach(c -> previousCapacity.put(c.substring(0, c.indexOf('=')), Integer.parseInt(c.substring(c.indexOf('=') + 1))));
        }
        Map<String, Integer> capacity = new TreeMap<>();
        for (CabinAvailability cabin : flight.getCabins()) {
            capacity.put(cabin.getCabin(), cabin.getCapacity());
            int taken = cabin.getHeld() + cabin.getConfirmed();
            int allowed = thresholds.allowedSeats(cabin.getCapacity());
            boolean settled = Integer.valueOf(cabin.getCapacity()).equals(previousCapacity.get(cabin.getCabin()));
            if (taken <= allowed) {
                over.remove(cabin.getCabin());
            } else if (settled && over.add(cabin.getCabin())) {
                alerts.raise(context, record, overbooked(flight, cabin, taken, allowed));
            }
        }
        episodes.put(flightId, flight.getVersion() + "|" + String.join(",", over) + "|"
                + String.join(",", capacity.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
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
