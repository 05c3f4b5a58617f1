package dev.flightdeck.ops.alerts;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/** One alert of the anomalies topic as one readable line: when, how bad, what, where, how far off, why. */
public final class AlertLine {

    private AlertLine() {
    }

    public static String format(GenericRecord alert) {
        List<String> where = new ArrayList<>();
        add(where, "flight ", alert.get("flightId"));
        add(where, "cabin ", alert.get("cabin"));
        add(where, "seat ", alert.get("seat"));
        add(where, "", alert.get("route"));
        add(where, "table ", alert.get("table"));
        if (alert.getSchema().getField("connector") != null) { // alerts written before the field existed lack it
            add(where, "connector ", alert.get("connector"));
        }
        String numbers = alert.get("observed") == null ? ""
                : "  observed " + number(alert.get("observed")) + (alert.get("expected") == null ? "" : " vs " + number(alert.get("expected")));
        return String.format("%s  %-8s  %-18s  %s%s  %s", instant(alert.get("detectedAt")).truncatedTo(ChronoUnit.SECONDS),
                alert.get("severity"), alert.get("type"), String.join(" ", where), numbers, alert.get("explanation"));
    }

    private static void add(List<String> parts, String label, Object value) {
        if (value != null) {
            parts.add(label + value);
        }
    }

    private static String number(Object value) {
        double d = ((Number) value).doubleValue();
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(java.util.Locale.ROOT, "%.2f", d);
    }

    static Instant instant(Object timestamp) {
        return timestamp instanceof Instant i ? i : Instant.ofEpochMilli(((Number) timestamp).longValue());
    }
}
