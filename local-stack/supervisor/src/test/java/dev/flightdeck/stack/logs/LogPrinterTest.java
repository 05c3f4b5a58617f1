package dev.flightdeck.stack.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogPrinterTest {

    private static final List<String> SERVICES = List.of("kafka", "seat-availability", "redis");

    @Test
    void shouldPrintAlignedColumnsWithTheStackTraceIndentedBelow() {
        LogPrinter printer = new LogPrinter(SERVICES, false);

        String failed = printer.format(new LogRecord(Instant.parse("2026-12-04T13:32:51.014Z"), "kafka", "ERROR",
                "org.apache.kafka.server.util.KafkaScheduler", "Uncaught exception in scheduled task 'transaction-abort'",
                "java.lang.IllegalStateException: Preparing transaction state transition failed\n"
                        + "\tat org.apache.kafka.coordinator.transaction.TransactionMetadata.prepareTransitionTo(TransactionMetadata.java:344)"));
        String ready = printer.format(new LogRecord(Instant.parse("2026-12-04T13:01:13.990Z"), "redis", "INFO", "master",
                "Ready to accept connections", null));

        assertThat(failed).isEqualTo("""
                2026-12-04T13:32:51.014Z  kafka              ERROR  o.a.k.s.util.KafkaScheduler     Uncaught exception in scheduled task 'transaction-abort'
                    java.lang.IllegalStateException: Preparing transaction state transition failed
                    \tat org.apache.kafka.coordinator.transaction.TransactionMetadata.prepareTransitionTo(TransactionMetadata.java:344)""");
        assertThat(ready).isEqualTo(
                "2026-12-04T13:01:13.990Z  redis              INFO   master                          Ready to accept connections");
    }

    @Test
    void shouldLeaveTheTimeBlankForARecordWithoutOne() {
        LogPrinter printer = new LogPrinter(SERVICES, false);

        assertThat(printer.format(new LogRecord(null, "kafka", "", "", "Formatting metadata directory", null)))
                .isEqualTo(" ".repeat(24) + "  kafka                     " + " ".repeat(30) + "  Formatting metadata directory");
    }

    @Test
    void shouldShortenLongLoggersToTheColumn() {
        assertThat(LogPrinter.abbreviate("org.apache.kafka.streams.processor.internals.StreamThread", 30)).isEqualTo("o.a.k.s.p.i.StreamThread");
        assertThat(LogPrinter.abbreviate("org.apache.kafka.streams.processor.internals.RecordCollectorImpl", 30))
                .isEqualTo("a.k.s.p.i.RecordCollectorImpl");
        assertThat(LogPrinter.abbreviate("org.apache.kafka.streams.processor.internals.StreamsPartitionAssignor", 30))
                .isEqualTo("s.p.i.StreamsPartitionAssignor");
        assertThat(LogPrinter.abbreviate("mysqld_exporter.go:289", 30)).isEqualTo("mysqld_exporter.go:289");
        assertThat(LogPrinter.abbreviate("AVeryLongClassNameWithoutAnyPackageAtAll", 30)).isEqualTo("AVeryLongClassNameWithoutAnyP…");
    }

    @Test
    void shouldPrintNormalizedJsonWithAnExceptionOnlyWhenThereIsOne() {
        LogPrinter printer = new LogPrinter(SERVICES, true);

        assertThat(printer.format(new LogRecord(Instant.parse("2026-12-04T13:00:53.309538Z"), "mysql", "INFO", "Server",
                "[MY-010931] ready for connections.", null)))
                .isEqualTo("{\"time\":\"2026-12-04T13:00:53.309Z\",\"service\":\"mysql\",\"level\":\"INFO\",\"logger\":\"Server\","
                        + "\"message\":\"[MY-010931] ready for connections.\"}");
        assertThat(printer.format(new LogRecord(null, "kafka", "", "", "Formatting metadata directory", "java.lang.Error: x")))
                .isEqualTo("{\"service\":\"kafka\",\"level\":\"\",\"logger\":\"\",\"message\":\"Formatting metadata directory\","
                        + "\"exception\":\"java.lang.Error: x\"}");
    }
}
