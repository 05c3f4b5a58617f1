package dev.flightdeck.ops.reconcile;

import dev.flightdeck.ops.Progress;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Compares MySQL's truth with each read model for every flight. The pipeline is asynchronous, so
 * a flight changed a moment ago may not have reached a model yet: a difference counts as drift
 * only if it is still there after the settle time (each model is re-read, with a fresh truth,
 * until it agrees or the time is up). On a live stack a flight is cleared by any read in which it
 * agrees, since under traffic some flight is always in flight; on a quiet one (no traffic:
 * tests, checks after a fault) {@code strict} asks for one read in which every flight agrees.
 */
public final class Reconciler {

    /** One flight that does not agree, and how. */
    public record Drift(long flightId, String problem) {
    }

    /** One model's verdict: how many flights it was judged on, and those that drifted. */
    public record Verdict(String model, int flightsJudged, List<Drift> drift, int reads, Duration took) {
        public boolean clean() {
            return drift.isEmpty();
        }
    }

    /** All models' verdicts, for the flights MySQL had. */
    public record Report(Instant at, int flights, List<Verdict> verdicts) {
        public boolean clean() {
            return verdicts.stream().allMatch(Verdict::clean);
        }
    }

    public interface Database {
        Connection open() throws Exception;
    }

    private static final Duration PAUSE = Duration.ofSeconds(1);

    private final Database database;
    private final List<ReadModel> models;

    public Reconciler(Database database, List<ReadModel> models) {
        this.database = database;
        this.models = List.copyOf(models);
    }

    public Report run(Duration settle, boolean strict, Progress progress) throws Exception {
        Instant started = Instant.now();
        int flights = truth().flights().size();
        List<Verdict> verdicts = new ArrayList<>();
        for (ReadModel model : models) {
            verdicts.add(judge(model, settle, strict, progress));
        }
        return new Report(started, flights, verdicts);
    }

    private Verdict judge(ReadModel model, Duration settle, boolean strict, Progress progress) throws Exception {
        long start = System.nanoTime();
        long deadline = start + settle.toNanos();
        progress.begin(model.name(), "reading");
        Set<Long> suspects = null; // null: every flight
        Map<Long, String> differences;
        int judged;
        int reads = 0;
        while (true) {
            MysqlTruth truth = truth();
            Map<Long, FlightCounts> shown;
            try {
                shown = model.read(truth);
            } catch (ReadModel.NotReadableYet e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(model.name() + " was still not readable after " + settle.toSeconds() + " s: "
                            + e.getMessage(), e);
                }
                progress.update(model.name(), "not readable yet (" + e.getMessage() + "); reading again");
                TimeUnit.NANOSECONDS.sleep(PAUSE.toNanos());
                continue;
            }
            reads++;
            Instant now = Instant.now();
            differences = new TreeMap<>();
            judged = 0;
            for (Map.Entry<Long, FlightCounts> flight : truth.flights().entrySet()) {
                long id = flight.getKey();
                if (!model.judges(id, truth, now)) {
                    continue;
                }
                judged++;
                FlightCounts seen = shown.get(id);
                if (seen == null) {
                    differences.put(id, "missing");
                } else if (!seen.equals(flight.getValue())) {
                    differences.put(id, seen.differenceFrom(flight.getValue()));
                }
            }
            for (long id : shown.keySet()) {
                if (!truth.flights().containsKey(id)) {
                    differences.put(id, "shown, but MySQL has no such flight");
                }
            }
            if (suspects != null && !strict) {
                differences.keySet().retainAll(suspects); // agreeing once clears a flight
            }
            if (differences.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            suspects = differences.keySet();
            progress.update(model.name(), String.format(Locale.ROOT, "%,d flights judged, %,d differ; reading again (settle %d s)",
                    judged, differences.size(), settle.toSeconds()));
            TimeUnit.NANOSECONDS.sleep(PAUSE.toNanos());
        }
        List<Drift> drift = differences.entrySet().stream().map(e -> new Drift(e.getKey(), e.getValue())).toList();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        progress.done(model.name(), took, drift.isEmpty()
                ? String.format(Locale.ROOT, "%,d flights agree with MySQL", judged)
                : String.format(Locale.ROOT, "%,d of %,d flights DRIFT", drift.size(), judged));
        return new Verdict(model.name(), judged, drift, reads, took);
    }

    private MysqlTruth truth() throws Exception {
        try (Connection db = database.open()) {
            return MysqlTruth.read(db);
        }
    }
}
