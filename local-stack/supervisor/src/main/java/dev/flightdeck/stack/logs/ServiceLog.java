package dev.flightdeck.stack.logs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * One service's log file, read as records. A log is appended to for the life of its stack, so
 * only the part a query asks for is read: from the first record of {@code --since}, found by a
 * binary search on the times of the lines (a file only grows, so its times rise), or, for the last
 * n records, a window back from the end that grows until it holds them. Either way a log under one
 * 64 KiB block is read whole.
 */
public final class ServiceLog {

    static final long BLOCK = 64 * 1024;

    private final String service;
    private final Path file;

    public ServiceLog(String service, Path file) {
        this.service = service;
        this.file = file;
    }

    public String service() {
        return service;
    }

    public Path file() {
        return file;
    }

    /** Its size now: read up to it, then follow from it. */
    public long size() throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    /** The records the query asks for among the first {@code end} bytes of the log, in file order. */
    public List<LogRecord> read(LogQuery query, long end) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long until = Math.min(end, channel.size());
            if (query.since() != null) {
                return query.select(records(channel, startOf(channel, query.since(), until), until, false));
            }
            if (query.limit() == null) {
                return query.select(records(channel, 0, until, false));
            }
            for (long window = BLOCK; ; window *= 4) {
                long from = Math.max(0, until - window);
                List<LogRecord> selected = query.select(records(channel, from, until, true));
                if (selected.size() >= query.limit() || from == 0) {
                    return selected;
                }
            }
        }
    }

    /**
     * Where to start reading for the records since a time: the start of a line at or before the
     * first one that late, within a block of it. The search narrows [low, high) until it is a
     * block wide, by the time of the first timed line after its middle.
     */
    long startOf(FileChannel channel, Instant since, long end) throws IOException {
        long low = 0;
        long high = end;
        while (high - low > BLOCK) {
            long middle = low + (high - low) / 2;
            TimedLine probe = firstTimedLine(channel, middle, high);
            if (probe == null || !probe.time().isBefore(since)) {
                high = middle;
            } else {
                low = probe.next();
            }
        }
        return low;
    }

    private record TimedLine(Instant time, long next) {
    }

    private TimedLine firstTimedLine(FileChannel channel, long from, long before) throws IOException {
        LogLines lines = new LogLines(channel, from, before, false).skipPartialLine();
        for (String line; lines.position() < before && (line = lines.next()) != null; ) {
            LogRecord record = LogFormats.parse(service, line);
            if (record != null && record.time() != null) {
                return new TimedLine(record.time(), lines.position());
            }
        }
        return null;
    }

    /** The records in [from, end); {@code midLine}: {@code from} may fall inside a line. */
    private List<LogRecord> records(FileChannel channel, long from, long end, boolean midLine) throws IOException {
        LogLines lines = new LogLines(channel, from, end, false);
        if (midLine) {
            lines.skipPartialLine();
        }
        RecordAssembler records = new RecordAssembler(service, from > 0);
        for (String line; (line = lines.next()) != null; ) {
            records.accept(line);
        }
        return records.finish();
    }

    /** Lines from a position, complete ones only: for following a log as it grows. */
    LogLines linesFrom(FileChannel channel, long from, long end) {
        return new LogLines(channel, from, end, true);
    }
}
