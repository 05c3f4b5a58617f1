package dev.flightdeck.stack.logs;

import java.util.ArrayList;
import java.util.List;

/** Interleaves several services' records by time. */
public final class LogMerge {

    private LogMerge() {
    }

    /**
     * One list by time, each log's records kept in file order (a record without a time goes right
     * after the one before it in its file, or first). Equal times keep the order of the logs given.
     */
    public static List<LogRecord> byTime(List<List<LogRecord>> logs) {
        int[] next = new int[logs.size()];
        List<LogRecord> merged = new ArrayList<>(logs.stream().mapToInt(List::size).sum());
        while (true) {
            int earliest = -1;
            for (int log = 0; log < logs.size(); log++) {
                if (next[log] == logs.get(log).size()) {
                    continue;
                }
                LogRecord head = logs.get(log).get(next[log]);
                if (head.time() == null) {
                    earliest = log;
                    break;
                }
                if (earliest < 0 || head.time().isBefore(logs.get(earliest).get(next[earliest]).time())) {
                    earliest = log;
                }
            }
            if (earliest < 0) {
                return merged;
            }
            merged.add(logs.get(earliest).get(next[earliest]++));
        }
    }
}
