package dev.flightdeck.stack.logs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Prints the records added to one or more logs as they come: every poll reads what each log
 * gained, and hands on the records of all of them by time. A record is handed on once the next
 * one of its log has started, or once its log has been quiet for a poll (its stack trace is in).
 */
public final class LogFollower {

    private static final Duration POLL = Duration.ofMillis(250);

    private final List<Followed> logs = new ArrayList<>();
    private final LogQuery filter;

    /**
     * @param logs   the logs, each with the position to follow it from (where the records printed so far ended)
     * @param filter which records to hand on ({@code --grep})
     */
    public LogFollower(List<ServiceLog> logs, List<Long> from, LogQuery filter) {
        for (int i = 0; i < logs.size(); i++) {
            this.logs.add(new Followed(logs.get(i), from.get(i)));
        }
        this.filter = filter;
    }

    /** Until interrupted. */
    public void follow(Consumer<LogRecord> out) throws IOException, InterruptedException {
        while (!Thread.currentThread().isInterrupted()) {
            if (!poll(out)) {
                Thread.sleep(POLL);
            }
        }
    }

    /** Reads what every log gained and hands on the records that are complete; false when no log grew. */
    boolean poll(Consumer<LogRecord> out) throws IOException {
        List<LogRecord> ready = new ArrayList<>();
        boolean grew = false;
        for (Followed log : logs) {
            grew |= log.read();
            ready.addAll(log.records.takeCompleted());
        }
        ready.sort(Comparator.comparing(LogRecord::time, Comparator.nullsFirst(Comparator.naturalOrder())));
        for (LogRecord record : ready) {
            if (filter.matches(record)) {
                out.accept(record);
            }
        }
        return grew;
    }

    private static final class Followed {
        final ServiceLog log;
        final RecordAssembler records;
        long position;

        Followed(ServiceLog log, long position) {
            this.log = log;
            this.records = new RecordAssembler(log.service(), false);
            this.position = position;
        }

        /** Takes in the complete lines the log gained; true if there were any. */
        boolean read() throws IOException {
            long size = log.size();
            if (size < position) {
                position = 0; // truncated or replaced: start over
            }
            boolean any = false;
            if (size > position) {
                try (FileChannel channel = FileChannel.open(log.file(), StandardOpenOption.READ)) {
                    LogLines lines = log.linesFrom(channel, position, size);
                    for (String line; (line = lines.next()) != null; ) {
                        records.accept(line);
                        any = true;
                    }
                    position = lines.position();
                }
            }
            if (!any) {
                records.flush();
            }
            return any;
        }
    }
}
