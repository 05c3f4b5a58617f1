package dev.flightdeck.stack.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines grouped into records, as they follow each other in the stack's logs. */
class RecordAssemblerTest {

    private static List<LogRecord> assemble(String service, String... lines) {
        RecordAssembler records = new RecordAssembler(service, false);
        for (String line : lines) {
            records.accept(line);
        }
        return records.finish();
    }

    @Test
    void shouldAttachAStackTraceToTheEventBeforeIt() {
        List<LogRecord> records = assemble("connect",
                "2026-12-04T09:48:00,770 ERROR [main] PluginScanner: Failed to discover Converter in "
                        + "/work/main/local-stack/connect-plugins/debezium-mysql/target/connect-plugins/debezium-connector-mysql: "
                        + "Failed to statically initialize plugin class",
                "java.util.ServiceConfigurationError: org.apache.kafka.connect.storage.Converter: Provider "
                        + "io.debezium.converters.CloudEventsConverter could not be instantiated",
                "\tat java.base/java.util.ServiceLoader.fail(ServiceLoader.java:552)",
                "Caused by: java.lang.ExceptionInInitializerError",
                "\t... 13 more",
                "2026-12-04T09:48:01,963 INFO  [main] RestServer: Added connector for http://127.0.0.1:27244");

        assertThat(records).hasSize(2);
        assertThat(records.get(0).message()).endsWith("Failed to statically initialize plugin class");
        assertThat(records.get(0).exception()).isEqualTo("java.util.ServiceConfigurationError: org.apache.kafka.connect.storage.Converter: "
                + "Provider io.debezium.converters.CloudEventsConverter could not be instantiated\n"
                + "\tat java.base/java.util.ServiceLoader.fail(ServiceLoader.java:552)\n"
                + "Caused by: java.lang.ExceptionInInitializerError\n"
                + "\t... 13 more");
        assertThat(records.get(1).message()).isEqualTo("Added connector for http://127.0.0.1:27244");
    }

    @Test
    void shouldKeepAConfigDumpInTheMessageItContinues() {
        List<LogRecord> records = assemble("anomaly-detector",
                "[main] INFO org.apache.kafka.common.config.AbstractConfig - AdminClientConfig values: ",
                "\tbootstrap.controllers = []",
                "\tbootstrap.servers = [127.0.0.1:10481]",
                "");

        assertThat(records).containsExactly(new LogRecord(null, "anomaly-detector", "INFO", "org.apache.kafka.common.config.AbstractConfig",
                "AdminClientConfig values: \n\tbootstrap.controllers = []\n\tbootstrap.servers = [127.0.0.1:10481]", null));
    }

    @Test
    void shouldGiveTheLinesBeforeTheFirstEventARecordWithoutATime() {
        List<LogRecord> records = assemble("kafka",
                "Bootstrap metadata: BootstrapMetadata(records=[...], metadataVersionLevel=30, source=format command)",
                "Formatting metadata directory /work/main/.flightdeck/kafka/data with metadata.version 4.3-IV0.",
                "2026-12-04T09:47:43,882 WARN  [quorum-controller-1-event-handler] QuorumController: [QuorumController id=1] "
                        + "Performing controller activation.");

        assertThat(records).hasSize(2);
        assertThat(records.get(0)).isEqualTo(new LogRecord(null, "kafka", "", "",
                "Bootstrap metadata: BootstrapMetadata(records=[...], metadataVersionLevel=30, source=format command)\n"
                        + "Formatting metadata directory /work/main/.flightdeck/kafka/data with metadata.version 4.3-IV0.", null));
        assertThat(records.get(1).level()).isEqualTo("WARN");
    }

    @Test
    void shouldSkipTheLinesBeforeTheFirstEventWhenReadingFromTheMiddleOfALog() {
        RecordAssembler records = new RecordAssembler("connect", true);
        records.accept("\tat org.apache.kafka.connect.cli.ConnectDistributed.main(ConnectDistributed.java:112)");
        records.accept("2026-12-04T09:48:01,963 INFO  [main] RestServer: Added connector for http://127.0.0.1:27244");

        assertThat(records.finish()).extracting(LogRecord::message).containsExactly("Added connector for http://127.0.0.1:27244");
    }

    @Test
    void shouldJoinJavaUtilLoggingsTwoLines() {
        List<LogRecord> records = assemble("connect",
                "Dec 04, 2026 9:48:14 AM com.github.shyiko.mysql.binlog.BinaryLogClient connect",
                "INFO: Connected to 127.0.0.1:17085 at b83c794c-efc7-11f1-bd89-02fc00000001:1-37 (sid:184054, cid:18)");

        assertThat(records).containsExactly(new LogRecord(
                LocalDateTime.parse("2026-12-04T09:48:14").atZone(ZoneId.systemDefault()).toInstant(), "connect", "INFO",
                "com.github.shyiko.mysql.binlog.BinaryLogClient",
                "Connected to 127.0.0.1:17085 at b83c794c-efc7-11f1-bd89-02fc00000001:1-37 (sid:184054, cid:18)", null));
    }

    @Test
    void shouldAddLinesThatFollowAJsonEventToIt() {
        List<LogRecord> records = assemble("elasticsearch",
                "{\"time\":\"2026-12-04T13:01:13.050Z\",\"service\":\"elasticsearch\",\"level\":\"INFO\","
                        + "\"logger\":\"org.elasticsearch.gateway.GatewayService\",\"thread\":\"main\",\"message\":\"recovered [1] indices\"}",
                "elasticsearch ready http://127.0.0.1:12793");

        assertThat(records).containsExactly(new LogRecord(Instant.parse("2026-12-04T13:01:13.050Z"), "elasticsearch", "INFO",
                "org.elasticsearch.gateway.GatewayService", "recovered [1] indices\nelasticsearch ready http://127.0.0.1:12793", null));
    }
}
