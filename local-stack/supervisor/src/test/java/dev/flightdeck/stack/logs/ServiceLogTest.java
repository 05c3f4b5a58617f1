package dev.flightdeck.stack.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service log of a few MB as the stack leaves one behind: slf4j-simple lines with stack traces
 * from before the switch to JSON, then Flightdeck JSON lines, an event every 50 ms.
 */
class ServiceLogTest {

    private static final Instant START = Instant.parse("2026-12-04T10:00:00Z");
    private static final int EVENTS = 20_000;
    private static final int FIRST_JSON_EVENT = 8_000;

    @TempDir
    Path dir;

    private Path file;
    private final List<Long> offsets = new ArrayList<>();

    private static Instant timeOf(int event) {
        return START.plus(Duration.ofMillis(50L * event));
    }

    private static String messageOf(int event) {
        return "booking simulator: " + event + " tx";
    }

    @BeforeEach
    void writeLog() throws IOException {
        file = dir.resolve("simulator.log");
        StringBuilder log = new StringBuilder();
        for (int event = 0; event < EVENTS; event++) {
            offsets.add((long) log.length()); // ASCII only: characters are bytes
            String time = LogPrinter.TIME.format(timeOf(event));
            if (event < FIRST_JSON_EVENT) {
                log.append(time).append(" [booking-simulator-ticker] INFO dev.flightdeck.database.BookingSimulator - ")
                        .append(messageOf(event)).append('\n');
                if (event % 100 == 7) {
                    log.append("java.sql.SQLTransactionRollbackException: Deadlock found when trying to get lock\n")
                            .append("\tat com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:123)\n")
                            .append("\t... 12 more\n");
                }
            } else {
                log.append("{\"time\":\"").append(time).append("\",\"service\":\"simulator\",\"level\":\"INFO\",")
                        .append("\"logger\":\"dev.flightdeck.database.BookingSimulator\",\"thread\":\"booking-simulator-ticker\",")
                        .append("\"message\":\"").append(messageOf(event)).append('"')
                        .append(event % 100 == 7 ? ",\"exception\":\"java.sql.SQLTransactionRollbackException: Deadlock\\n\\tat x.y(Z.java:1)\\n\"" : "")
                        .append("}\n");
            }
        }
        Files.writeString(file, log);
    }

    private List<String> messages(List<LogRecord> records) {
        return records.stream().map(LogRecord::message).toList();
    }

    private List<String> expectedMessages(int from, int to) {
        List<String> messages = new ArrayList<>();
        for (int event = from; event < to; event++) {
            messages.add(messageOf(event));
        }
        return messages;
    }

    @Test
    void shouldReadTheRecordsSinceATimeAcrossTheSwitchToJson() throws IOException {
        ServiceLog log = new ServiceLog("simulator", file);

        for (int first : new int[] {3, FIRST_JSON_EVENT - 5, 15_123, EVENTS - 1}) {
            List<LogRecord> records = log.read(new LogQuery(timeOf(first), null, null), log.size());
            assertThat(messages(records)).isEqualTo(expectedMessages(first, EVENTS));
        }
    }

    @Test
    void shouldFindWhereToStartByABinarySearchNotByReadingTheWholeLog() throws IOException {
        ServiceLog log = new ServiceLog("simulator", file);
        int first = 15_123;

        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long start = log.startOf(channel, timeOf(first), channel.size());
            assertThat(start).isLessThanOrEqualTo(offsets.get(first)).isGreaterThan(offsets.get(first) - ServiceLog.BLOCK - 1024);
        }
    }

    @Test
    void shouldKeepTheStackTraceOfAnOldRecordWithIt() throws IOException {
        ServiceLog log = new ServiceLog("simulator", file);

        List<LogRecord> records = log.read(new LogQuery(timeOf(7_907), null, 1), offsets.get(7_908));

        assertThat(records).containsExactly(new LogRecord(timeOf(7_907), "simulator", "INFO", "dev.flightdeck.database.BookingSimulator",
                messageOf(7_907), "java.sql.SQLTransactionRollbackException: Deadlock found when trying to get lock\n"
                        + "\tat com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:123)\n\t... 12 more"));
    }

    @Test
    void shouldReadTheLastRecordsFromTheEndOfTheLog() throws IOException {
        ServiceLog log = new ServiceLog("simulator", file);

        List<LogRecord> records = log.read(new LogQuery(null, null, 100), log.size());

        assertThat(messages(records)).isEqualTo(expectedMessages(EVENTS - 100, EVENTS));
        assertThat(records.get(7).exception()).isEqualTo("java.sql.SQLTransactionRollbackException: Deadlock\n\tat x.y(Z.java:1)");
    }

    @Test
    void shouldLookFurtherBackUntilItHasTheLastMatchingRecords() throws IOException {
        ServiceLog log = new ServiceLog("simulator", file);

        List<LogRecord> records = log.read(new LogQuery(null, LogQuery.grep(": (120|19999) tx$"), 10), log.size());

        assertThat(messages(records)).containsExactly(messageOf(120), messageOf(19_999));
    }

    @Test
    void shouldReadASmallLogWhole() throws IOException {
        Path small = dir.resolve("redis.log");
        Files.writeString(small, """
                21135:C 04 Dec 2026 13:01:13.610 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo
                21135:M 04 Dec 2026 13:01:13.990 * DB loaded from append only file: 0.372 seconds
                21135:M 04 Dec 2026 13:01:13.990 * Ready to accept connections
                """);
        ServiceLog log = new ServiceLog("redis", small);

        assertThat(messages(log.read(new LogQuery(null, LogQuery.grep("ready"), 50), log.size())))
                .containsExactly("Ready to accept connections");
        assertThat(log.read(new LogQuery(Instant.parse("2030-01-01T00:00:00Z"), null, null), log.size())).isEmpty();
    }

    @Test
    void shouldReadNothingFromALogNotWrittenYet() throws IOException {
        ServiceLog log = new ServiceLog("lag-exporter", dir.resolve("lag-exporter.log"));

        assertThat(log.read(new LogQuery(null, null, 50), log.size())).isEmpty();
    }
}
