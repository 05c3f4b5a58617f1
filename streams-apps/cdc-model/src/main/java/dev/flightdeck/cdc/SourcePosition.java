package dev.flightdeck.cdc;

import java.time.Instant;
import java.util.Comparator;
import org.apache.avro.generic.GenericRecord;

/**
 * Where a change sits in MySQL's binlog, and when its transaction committed. Positions order the
 * changes of one row: a change at or before the position already applied is a duplicate or a
 * stale redelivery. Binlog file names sort by their sequence number ({@code binlog.000002}).
 *
 * @param commitTime the source commit time (millisecond precision on MySQL 8)
 * @param snapshot   read by a snapshot, not from the binlog
 */
public record SourcePosition(String binlogFile, long binlogPosition, int row, Instant commitTime, boolean snapshot)
        implements Comparable<SourcePosition> {

    private static final Comparator<SourcePosition> ORDER = Comparator
            .comparing(SourcePosition::binlogFile)
            .thenComparingLong(SourcePosition::binlogPosition)
            .thenComparingInt(SourcePosition::row);

    /** The position in a Debezium {@code source} block (MySQL connector fields; absent ones read as zero). */
    public static SourcePosition of(GenericRecord source) {
        String file = Columns.optionalString(source, "file");
        String snapshot = Columns.optionalString(source, "snapshot");
        return new SourcePosition(file == null ? "" : file, Columns.optionalLong(source, "pos", 0L),
                (int) Columns.optionalLong(source, "row", 0L), Instant.ofEpochMilli(Columns.optionalLong(source, "ts_ms", 0L)),
                // Debezium writes "true", "first", "last", "incremental"... for snapshot reads, "false" for the binlog.
                snapshot != null && !snapshot.equals("false"));
    }

    @Override
    public int compareTo(SourcePosition other) {
        return ORDER.compare(this, other);
    }

    /** True when this change comes after {@code applied} in the binlog (null: nothing applied yet). */
    public boolean isAfter(SourcePosition applied) {
        return applied == null || compareTo(applied) > 0;
    }
}
