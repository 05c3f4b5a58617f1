package dev.flightdeck.cdc;

import java.time.Instant;
import java.util.Comparator;

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

    @Override
    public int compareTo(SourcePosition other) {
        return ORDER.compare(this, other);
    }

    /** True when this change comes after {@code applied} in the binlog (null: nothing applied yet). */
    public boolean isAfter(SourcePosition applied) {
        return applied == null || compareTo(applied) > 0;
    }
}
