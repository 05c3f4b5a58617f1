package dev.flightdeck.stack.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogMergeTest {

    private static LogRecord at(String time, String service, String message) {
        return new LogRecord(time == null ? null : Instant.parse(time), service, "INFO", "", message, null);
    }

    @Test
    void shouldInterleaveTheServicesByTime() {
        List<LogRecord> kafka = List.of(at("2026-12-04T13:01:00.100Z", "kafka", "k1"), at("2026-12-04T13:01:00.400Z", "kafka", "k2"));
        List<LogRecord> mysql = List.of(at("2026-12-04T13:00:59.900Z", "mysql", "m1"), at("2026-12-04T13:01:00.200Z", "mysql", "m2"),
                at("2026-12-04T13:01:00.500Z", "mysql", "m3"));

        assertThat(LogMerge.byTime(List.of(kafka, mysql))).extracting(LogRecord::message).containsExactly("m1", "k1", "m2", "k2", "m3");
    }

    @Test
    void shouldPutARecordWithoutATimeRightAfterTheOneBeforeItInItsLog() {
        List<LogRecord> anomalies = List.of(at(null, "anomaly-detector", "a0"), at("2026-12-04T13:01:00.300Z", "anomaly-detector", "a1"),
                at(null, "anomaly-detector", "a2"), at("2026-12-04T13:01:00.350Z", "anomaly-detector", "a3"));
        List<LogRecord> redis = List.of(at("2026-12-04T13:01:00.100Z", "redis", "r1"), at("2026-12-04T13:01:00.320Z", "redis", "r2"));

        assertThat(LogMerge.byTime(List.of(redis, anomalies))).extracting(LogRecord::message)
                .containsExactly("a0", "r1", "a1", "a2", "r2", "a3");
    }

    @Test
    void shouldKeepEachLogsOrderAndTheOrderOfTheLogsForEqualTimes() {
        List<LogRecord> registry = List.of(at("2026-12-04T13:32:51Z", "schema-registry", "s1"), at("2026-12-04T13:32:51Z", "schema-registry", "s2"));
        List<LogRecord> connect = List.of(at("2026-12-04T13:32:51Z", "connect", "c1"));

        assertThat(LogMerge.byTime(List.of(registry, connect))).extracting(LogRecord::message).containsExactly("s1", "s2", "c1");
    }
}
