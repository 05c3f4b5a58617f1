package dev.flightdeck.bench;

import dev.flightdeck.bench.TopicPasses.Pass;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Markdown table for a report: text columns aligned left, number columns right. */
final class MarkdownTable {

    private final List<String> header = new ArrayList<>();
    private final List<String> alignment = new ArrayList<>();
    private final List<String> rows = new ArrayList<>();

    /** A table of latencies: {@code label}, then samples and milliseconds at p50, p90, p99 and the maximum. */
    static MarkdownTable latencies(String label) {
        return new MarkdownTable().left(label).right("samples", "p50", "p90", "p99", "max");
    }

    /** A table of passes over the same records: {@code label}, records, seconds, records/s, then each of {@code versus}. */
    static MarkdownTable passes(String label, String... versus) {
        return new MarkdownTable().left(label).right("records", "seconds", "records/s").right(versus);
    }

    MarkdownTable left(String... columns) {
        return columns("---", columns);
    }

    MarkdownTable right(String... columns) {
        return columns("---:", columns);
    }

    MarkdownTable row(Object... cells) {
        StringBuilder row = new StringBuilder("|");
        for (Object cell : cells) {
            row.append(' ').append(cell).append(" |");
        }
        rows.add(row.toString());
        return this;
    }

    MarkdownTable latencyRow(String label, Percentiles p) {
        return row(label, count(p.samples()), ms(p.p50()), ms(p.p90()), ms(p.p99()), ms(p.max()));
    }

    /** A pass and, after it, its comparisons (already formatted, as by {@link #percent(Pass, Pass)}). */
    MarkdownTable passRow(Pass p, String... versus) {
        List<Object> cells = new ArrayList<>(List.of(p.name(), count(p.records()), String.format(Locale.ROOT, "%.1f", p.seconds()),
                perSecond(p.recordsPerSecond())));
        cells.addAll(List.of(versus));
        return row(cells.toArray());
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A rate, whole and grouped. */
    static String perSecond(double rate) {
        return String.format(Locale.ROOT, "%,.0f", rate);
    }

    /** Whole milliseconds. */
    static String ms(double millis) {
        return String.format(Locale.ROOT, "%.0f", millis);
    }

    /** Milliseconds to a tenth, for latencies of a few. */
    static String msTenths(double millis) {
        return String.format(Locale.ROOT, "%.1f", millis);
    }

    /** {@code part} as a whole percentage of {@code whole}. */
    static String percent(double part, double whole) {
        return String.format(Locale.ROOT, "%.0f %%", 100.0 * part / whole);
    }

    /** The rate of {@code pass} as a whole percentage of the rate of {@code of}. */
    static String percent(Pass pass, Pass of) {
        return percent(pass.recordsPerSecond(), of.recordsPerSecond());
    }

    @Override
    public String toString() {
        StringBuilder md = new StringBuilder();
        md.append("| ").append(String.join(" | ", header)).append(" |\n");
        md.append('|').append(String.join("|", alignment)).append("|\n");
        rows.forEach(row -> md.append(row).append('\n'));
        return md.toString();
    }

    private MarkdownTable columns(String align, String... columns) {
        for (String column : columns) {
            header.add(column);
            alignment.add(align);
        }
        return this;
    }
}
