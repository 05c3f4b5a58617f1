package dev.flightdeck.anomalies;

import dev.flightdeck.schemas.Anomaly;
import dev.flightdeck.schemas.CabinAvailability;
import dev.flightdeck.schemas.FlightAvailability;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Overbooking, per flight and cabin, from seat-availability's flight-availability: held plus
 * confirmed above the capacity with its allowance. Critical. One alert per episode: a cabin
 * alerts again only after it came back within the allowance and went over once more.
 *
 * <p>Two guards keep it from paging anyone for what is not real:
 * <ul>
 *   <li>A cabin's capacity is trusted only once a version shows it unchanged from the version
 *       before: while Debezium's snapshot streams a seat map in, flights are published with part
 *       of their seats, and a capacity still growing makes any full cabin look overbooked.</li>
 *   <li>A cabin must stay over for {@code confirm} (wall clock) before it alerts. Seat-availability
 *       counts a flight's bookings as they arrive from several booking partitions, so a new hold
 *       on a seat can be counted a moment before the expiry or cancellation that freed the seat,
 *       committed earlier in MySQL, arrives from another partition. Such a blip lasts as long as
 *       the partitions are apart (milliseconds); a real overbooking lasts. (Prometheus alert rules
 *       have the same {@code for:} clause for the same reason.)</li>
 * </ul>
 * The episodes store keeps each flight's {@link Episodes}, so a redelivered or older version
 * changes nothing. The pending store holds the alert of each cabin over but not yet confirmed,
 * keyed "flight/cabin"; its id is from the version that went over, so a replay finds the same id.
 */
final class OverbookingDetector implements Processor<Long, FlightAvailability, String, Anomaly> {

    static final String EPISODES = "overbooking-episodes";
    static final String PENDING = "overbooking-pending";

    private final Thresholds thresholds;
    private final Alerts alerts;
    private ProcessorContext<String, Anomaly> context;
    private KeyValueStore<Long, Episodes> episodes;
    private KeyValueStore<String, Anomaly> pending;

    OverbookingDetector(Thresholds thresholds, Alerts alerts) {
        this.thresholds = thresholds;
        this.alerts = alerts;
    }

    @Override
    public void init(ProcessorContext<String, Anomaly> context) {
        this.context = context;
        this.episodes = context.getStateStore(EPISODES);
        this.pending = context.getStateStore(PENDING);
        Duration confirm = thresholds.overbookingConfirm();
        if (!confirm.isZero()) {
            Duration every = confirm.compareTo(Duration.ofSeconds(1)) < 0 ? confirm : Duration.ofSeconds(1);
            context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::confirmPending);
        }
    }

    @Override
    public void process(Record<Long, FlightAvailability> record) {
        long flightId = record.key();
        FlightAvailability flight = record.value();
        Episodes stored = episodes.get(flightId);
        if (flight == null) {
            // The flight is gone: nothing of it can be overbooked any more.
            if (stored != null) {
                stored.overSince().keySet().forEach(cabin -> pending.delete(pendingKey(flightId, cabin)));
            }
            episodes.delete(flightId);
            return;
        }
        if (stored != null && flight.getVersion() <= stored.version()) {
            return;
        }
        Map<String, Instant> overSince = stored == null ? new TreeMap<>() : new TreeMap<>(stored.overSince());
        Map<String, Integer> previousCapacity = stored == null ? Map.of() : stored.capacity();
        Map<String, Integer> capacity = new TreeMap<>();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        for (CabinAvailability cabin : flight.getCabins()) {
            String name = cabin.getCabin();
            capacity.put(name, cabin.getCapacity());
            int taken = cabin.getHeld() + cabin.getConfirmed();
            int allowed = thresholds.allowedSeats(cabin.getCapacity());
            boolean settled = Integer.valueOf(cabin.getCapacity()).equals(previousCapacity.get(name));
            String key = pendingKey(flightId, name);
            if (taken <= allowed) {
                if (overSince.remove(name) != null && pending.get(key) != null) {
                    pending.delete(key);
                    alerts.dismissed(Alerts.OVERBOOKING);
                }
            } else if (settled && !overSince.containsKey(name)) {
                overSince.put(name, now);
                String id = Alerts.stableId(Alerts.OVERBOOKING, flightId, name, flight.getVersion());
                Anomaly alert = overbooked(id, flight, cabin, taken, allowed);
                if (thresholds.overbookingConfirm().isZero()) {
                    alerts.raise(context, record, alert);
                } else {
                    pending.put(key, alert);
                }
            } else if (overSince.containsKey(name) && pending.get(key) != null) {
                // Still over and not yet confirmed: keep the episode's id, show the newest numbers.
                pending.put(key, overbooked(pending.get(key).getId(), flight, cabin, taken, allowed));
            }
        }
        episodes.put(flightId, new Episodes(flight.getVersion(), overSince, capacity));
    }

    /** Raises every pending alert whose cabin has been over for the confirmation time. */
    private void confirmPending(long nowMillis) {
        Instant now = Instant.ofEpochMilli(nowMillis);
        List<KeyValue<String, Anomaly>> due = new ArrayList<>();
        try (KeyValueIterator<String, Anomaly> all = pending.all()) {
            all.forEachRemaining(due::add);
        }
        for (KeyValue<String, Anomaly> entry : due) {
            Anomaly alert = entry.value;
            Episodes flight = episodes.get(alert.getFlightId());
            Instant since = flight == null ? null : flight.overSince().get(alert.getCabin());
            if (since == null) {
                pending.delete(entry.key); // the episode ended without its pending alert being dropped
            } else if (Duration.between(since, now).compareTo(thresholds.overbookingConfirm()) >= 0) {
                List<String> evidence = new ArrayList<>(alert.getEvidence());
                evidence.add(String.format("over the allowance for %.1f s", Duration.between(since, now).toMillis() / 1000.0));
                Anomaly confirmed = Anomaly.newBuilder(alert).setEvidence(evidence).setDetectedAt(alerts.now()).build();
                alerts.raise(context, alert.getSourceTimestamp().toEpochMilli(), confirmed);
                pending.delete(entry.key);
            }
        }
    }

    /** The alert of one cabin over; {@code id} is from the version that went over. */
    private Anomaly overbooked(String id, FlightAvailability flight, CabinAvailability cabin, int taken, int allowed) {
        String explanation = String.format("Flight %s (%s-%s) cabin %s has %d seats held or confirmed for %d seats; "
                        + "at most %d are allowed (%.1f %% overbooking)", flight.getFlightNumber(), flight.getOrigin(),
                flight.getDestination(), cabin.getCabin(), taken, cabin.getCapacity(), allowed, thresholds.overbookingAllowedPercent());
        return alerts.begin(id, Alerts.OVERBOOKING, Alerts.CRITICAL, flight.getSourceTimestamp().toEpochMilli(),
                        new ArrayList<>(List.of("held=" + cabin.getHeld(), "confirmed=" + cabin.getConfirmed(),
                                "capacity=" + cabin.getCapacity(), "flight-availability version " + flight.getVersion())), explanation)
                .setFlightId(flight.getFlightId()).setCabin(cabin.getCabin())
                .setRoute(flight.getOrigin() + "-" + flight.getDestination())
                .setObserved((double) taken).setExpected((double) allowed).build();
    }

    private static String pendingKey(long flightId, String cabin) {
        return flightId + "/" + cabin;
    }

    /**
     * What the detector remembers of one flight.
     *
     * @param version   the newest flight-availability version seen
     * @param overSince per cabin over its allowance, since when (wall clock)
     * @param capacity  seats per cabin in that version
     */
    record Episodes(long version, Map<String, Instant> overSince, Map<String, Integer> capacity) {
    }
}
