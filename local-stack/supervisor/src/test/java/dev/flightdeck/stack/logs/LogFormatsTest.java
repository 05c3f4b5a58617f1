package dev.flightdeck.stack.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Each format the stack's services write, with lines taken from their logs. */
class LogFormatsTest {

    @Test
    void shouldReadFlightdeckJsonLines() {
        LogRecord started = LogFormats.parse("simulator", "{\"time\":\"2026-12-04T13:24:15.143Z\",\"service\":\"simulator\","
                + "\"level\":\"INFO\",\"logger\":\"dev.flightdeck.database.BookingSimulator\",\"thread\":\"main\","
                + "\"message\":\"booking simulator starting: 20.0 tx/s on 4 threads\"}");
        LogRecord retried = LogFormats.parse("simulator", "{\"time\":\"2026-12-04T13:24:15.158Z\",\"service\":\"simulator\","
                + "\"level\":\"WARN\",\"logger\":\"dev.flightdeck.database.BookingSimulator\",\"thread\":\"main\","
                + "\"message\":\"deadlock, retrying\",\"exception\":\"java.lang.IllegalStateException: Deadlock found when trying "
                + "to get lock\\n\\tat LogDemo.main(LogDemo.java:5)\\n\"}");

        assertThat(started).isEqualTo(new LogRecord(Instant.parse("2026-12-04T13:24:15.143Z"), "simulator", "INFO",
                "dev.flightdeck.database.BookingSimulator", "booking simulator starting: 20.0 tx/s on 4 threads", null));
        assertThat(retried.exception())
                .isEqualTo("java.lang.IllegalStateException: Deadlock found when trying to get lock\n\tat LogDemo.main(LogDemo.java:5)");
    }

    @Test
    void shouldReadTheRegistrysQuarkusJsonWrittenWithFlightdeckFieldNames() {
        LogRecord failed = LogFormats.parse("schema-registry", "{\"time\":\"2026-12-04T13:27:46.980Z\","
                + "\"logger\":\"io.apicurio.registry.storage.impl.kafkasql.KafkaSqlSubmitter\",\"level\":\"WARN\","
                + "\"message\":\"Failed to poll\",\"thread\":\"main\",\"exception\":\": java.lang.IllegalStateException: broker down"
                + "\\n\\tat QuarkusJsonDemo.main(QuarkusJsonDemo.java:23)\\n\",\"service\":\"schema-registry\"}");

        assertThat(failed).isEqualTo(new LogRecord(Instant.parse("2026-12-04T13:27:46.980Z"), "schema-registry", "WARN",
                "io.apicurio.registry.storage.impl.kafkasql.KafkaSqlSubmitter", "Failed to poll",
                "java.lang.IllegalStateException: broker down\n\tat QuarkusJsonDemo.main(QuarkusJsonDemo.java:23)"));
    }

    @Test
    void shouldReadTheGoProgramsJsonWithTheirOtherKeysAfterTheMessage() {
        LogRecord alertmanager = LogFormats.parse("alertmanager", "{\"caller\":\"coordinator.go:113\",\"component\":\"configuration\","
                + "\"file\":\"/tmp/it-clone/dashboards/alertmanager/alertmanager.yml\",\"level\":\"info\",\"msg\":\"Loading configuration file\","
                + "\"ts\":\"2026-12-04T13:30:52.850Z\"}");
        LogRecord exporter = LogFormats.parse("elasticsearch-exporter", "{\"caller\":\"main.go:245\",\"interval\":\"5m0s\","
                + "\"level\":\"info\",\"msg\":\"started cluster info retriever\",\"ts\":\"2026-12-04T13:31:41.928505283Z\"}");
        LogRecord logrus = LogFormats.parse("redis-exporter", "{\"level\":\"error\",\"msg\":\"Couldn't connect to redis instance "
                + "(redis://127.0.0.1:12475)\",\"time\":\"2026-12-04T13:33:36Z\"}");
        LogRecord prometheus = LogFormats.parse("prometheus", "{\"build_context\":\"(go=go1.19.8, platform=linux/amd64, "
                + "user=team+pkg-go@tracker.debian.org, date=20260604-00:58:54)\",\"caller\":\"main.go:556\",\"level\":\"info\","
                + "\"ts\":\"2026-12-04T13:31:42.167Z\"}");

        assertThat(alertmanager).isEqualTo(new LogRecord(Instant.parse("2026-12-04T13:30:52.850Z"), "alertmanager", "INFO",
                "coordinator.go:113",
                "Loading configuration file component=configuration file=/tmp/it-clone/dashboards/alertmanager/alertmanager.yml", null));
        assertThat(exporter.time()).isEqualTo(Instant.parse("2026-12-04T13:31:41.928505283Z"));
        assertThat(exporter.message()).isEqualTo("started cluster info retriever interval=5m0s");
        assertThat(logrus).isEqualTo(new LogRecord(Instant.parse("2026-12-04T13:33:36Z"), "redis-exporter", "ERROR", "",
                "Couldn't connect to redis instance (redis://127.0.0.1:12475)", null));
        assertThat(prometheus.message()).isEqualTo("build_context=\"(go=go1.19.8, platform=linux/amd64, "
                + "user=team+pkg-go@tracker.debian.org, date=20260604-00:58:54)\"");
    }

    @Test
    void shouldReadTheGoProgramsLogfmtFromBeforeTheirJsonFlag() {
        LogRecord prometheus = LogFormats.parse("prometheus", "ts=2026-12-04T13:01:39.210Z caller=web.go:503 level=info "
                + "component=web msg=\"Start listening for connections\" address=127.0.0.1:13709");
        LogRecord exporter = LogFormats.parse("elasticsearch-exporter", "level=info ts=2026-12-04T13:01:38.907191329Z "
                + "caller=main.go:245 msg=\"started cluster info retriever\" interval=5m0s");
        LogRecord logrus = LogFormats.parse("redis-exporter", "time=\"2026-12-04T13:01:38Z\" level=info "
                + "msg=\"Providing metrics at 127.0.0.1:31737/metrics\"");
        LogRecord mangled = LogFormats.parse("mysqld-exporter", "ts=2026-12-04T13:01:38.460Z caller=mysqld_exporter.go:274 "
                + "level=info msg=\"Build context\" (gogo1.19.8,platformlinux/amd64,userteam+pkg-go@tracker.debian.org,"
                + "date20230409-10:08:38)=(MISSING)");

        assertThat(prometheus).isEqualTo(new LogRecord(Instant.parse("2026-12-04T13:01:39.210Z"), "prometheus", "INFO", "web.go:503",
                "Start listening for connections component=web address=127.0.0.1:13709", null));
        assertThat(exporter.message()).isEqualTo("started cluster info retriever interval=5m0s");
        assertThat(exporter.logger()).isEqualTo("main.go:245");
        assertThat(logrus).isEqualTo(new LogRecord(Instant.parse("2026-12-04T13:01:38Z"), "redis-exporter", "INFO", "",
                "Providing metrics at 127.0.0.1:31737/metrics", null));
        assertThat(mangled.message()).isEqualTo("Build context "
                + "(gogo1.19.8,platformlinux/amd64,userteam+pkg-go@tracker.debian.org,date20230409-10:08:38)=(MISSING)");
    }

    @Test
    void shouldReadMysqlsErrorLogWithTheSubsystemAsLogger() {
        LogRecord ready = LogFormats.parse("mysql", "2026-12-04T13:00:53.309538Z 0 [System] [MY-010931] [Server] "
                + "/work/main/local-stack/mysql-server/target/mysql/bin/mysqld: ready for connections. Version: '8.0.31'  "
                + "socket: '/work/main/.flightdeck/mysql/mysqld.sock'  port: 17085  MySQL Community Server - GPL.");
        LogRecord warning = LogFormats.parse("mysql", "2026-12-04T09:47:30.164049Z 0 [Warning] [MY-013829] [Server] "
                + "Missing data directory for ICU regular expressions: /work/main/local-stack/mysql-server/target/mysql/lib/private/.");
        LogRecord innodb = LogFormats.parse("mysql", "2026-12-04T13:00:53.034341Z 1 [System] [MY-013577] [InnoDB] InnoDB initialization has ended.");

        assertThat(ready.time()).isEqualTo(Instant.parse("2026-12-04T13:00:53.309538Z"));
        assertThat(ready.level()).isEqualTo("INFO");
        assertThat(ready.logger()).isEqualTo("Server");
        assertThat(ready.message()).startsWith("[MY-010931] /work/main/local-stack/mysql-server/target/mysql/bin/mysqld: ready for connections.");
        assertThat(warning.level()).isEqualTo("WARN");
        assertThat(innodb).isEqualTo(new LogRecord(Instant.parse("2026-12-04T13:00:53.034341Z"), "mysql", "INFO", "InnoDB",
                "[MY-013577] InnoDB initialization has ended.", null));
    }

    @Test
    void shouldReadRedisLinesInLocalTimeAndItsSignalHandlersUnixSeconds() {
        LogRecord ready = LogFormats.parse("redis", "21135:M 04 Dec 2026 13:01:13.990 * Ready to accept connections");
        LogRecord starting = LogFormats.parse("redis", "13875:C 04 Dec 2026 09:50:34.085 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo");
        LogRecord signal = LogFormats.parse("redis", "10892:signal-handler (1796377825) Received SIGTERM scheduling shutdown...");

        assertThat(ready).isEqualTo(new LogRecord(local("2026-12-04T13:01:13.990"), "redis", "INFO", "master",
                "Ready to accept connections", null));
        assertThat(starting.level()).isEqualTo("WARN");
        assertThat(starting.logger()).isEqualTo("child");
        assertThat(signal).isEqualTo(new LogRecord(Instant.ofEpochSecond(1796377825), "redis", "INFO", "signal-handler",
                "Received SIGTERM scheduling shutdown...", null));
    }

    @Test
    void shouldReadSlf4jSimpleLinesWithAndWithoutATime() {
        LogRecord timed = LogFormats.parse("seat-availability", "2026-12-04T13:01:26.338Z [seat-availability-4532ef29-6ee5-4878-"
                + "9a56-008cd8d72844-StreamThread-1] INFO dev.flightdeck.streams.runtime.StreamsApp - seat-availability: Kafka Streams "
                + "REBALANCING -> RUNNING");
        LogRecord untimed = LogFormats.parse("search-service", "[airport-directory] INFO dev.flightdeck.search.AirportDirectory - "
                + "Airport directory caught up: 80 airports");

        assertThat(timed).isEqualTo(new LogRecord(Instant.parse("2026-12-04T13:01:26.338Z"), "seat-availability", "INFO",
                "dev.flightdeck.streams.runtime.StreamsApp", "seat-availability: Kafka Streams REBALANCING -> RUNNING", null));
        assertThat(untimed).isEqualTo(new LogRecord(null, "search-service", "INFO", "dev.flightdeck.search.AirportDirectory",
                "Airport directory caught up: 80 airports", null));
    }

    @Test
    void shouldReadKafkasFormerPatternInLocalTime() {
        LogRecord rest = LogFormats.parse("connect", "2026-12-04T13:14:09,793 INFO  [qtp960004592-36] RestServer: 127.0.0.1 - - "
                + "[04/Dec/2026:13:14:09 +0000] \"GET /connectors?expand=status HTTP/1.1\" 200 798 \"\" \"Java-http-client/25.0.3\" 2");
        LogRecord state = LogFormats.parse("kafka", "2026-12-04T09:47:50,008 INFO  [kafka-1-metadata-loader-event-handler] logger: "
                + "[Broker id=1] Transitioning 3 partition(s) to local leaders.");

        assertThat(rest).isEqualTo(new LogRecord(local("2026-12-04T13:14:09.793"), "connect", "INFO", "RestServer",
                "127.0.0.1 - - [04/Dec/2026:13:14:09 +0000] \"GET /connectors?expand=status HTTP/1.1\" 200 798 \"\" \"Java-http-client/25.0.3\" 2",
                null));
        assertThat(state.logger()).isEqualTo("logger");
        assertThat(state.message()).isEqualTo("[Broker id=1] Transitioning 3 partition(s) to local leaders.");
    }

    @Test
    void shouldReadElasticsearchsFormerPattern() {
        LogRecord padded = LogFormats.parse("elasticsearch", "[2026-12-04T09:47:56,636][INFO ][o.e.e.NodeEnvironment    ] "
                + "[flightdeck-es] heap size [512mb], compressed ordinary object pointers [true]");
        LogRecord warned = LogFormats.parse("elasticsearch", "[2026-12-04T13:01:13,361][WARN ][o.e.s.ESVectorizationProvider] "
                + "[flightdeck-es] Java vector incubator module is not readable.");

        assertThat(padded).isEqualTo(new LogRecord(local("2026-12-04T09:47:56.636"), "elasticsearch", "INFO", "o.e.e.NodeEnvironment",
                "heap size [512mb], compressed ordinary object pointers [true]", null));
        assertThat(warned.level()).isEqualTo("WARN");
        assertThat(warned.logger()).isEqualTo("o.e.s.ESVectorizationProvider");
    }

    @Test
    void shouldReadTheRegistrysFormerQuarkusText() {
        LogRecord storage = LogFormats.parse("schema-registry", "2026-12+00-04 09:47:49 INFO "
                + "[io.apicurio.registry.storage.impl.kafkasql.KafkaSqlRegistryStorage] (main) Using Kafka-SQL artifactStore.");
        LogRecord anonymous = LogFormats.parse("schema-registry", "2026-12+00-04 09:47:48 WARN [null] (main) Unrecognized "
                + "configuration key \"quarkus.log.console.color\" was provided; it will be ignored");

        assertThat(storage).isEqualTo(new LogRecord(Instant.parse("2026-12-04T09:47:49Z"), "schema-registry", "INFO",
                "io.apicurio.registry.storage.impl.kafkasql.KafkaSqlRegistryStorage", "Using Kafka-SQL artifactStore.", null));
        assertThat(anonymous.logger()).isEmpty();
    }

    @Test
    void shouldReadTheFirstOfJavaUtilLoggingsTwoLines() {
        LogRecord header = LogFormats.parse("connect", "Dec 04, 2026 9:48:14 AM com.github.shyiko.mysql.binlog.BinaryLogClient connect");

        assertThat(header).isEqualTo(new LogRecord(local("2026-12-04T09:48:14"), "connect", "", "com.github.shyiko.mysql.binlog.BinaryLogClient",
                "", null));
    }

    @Test
    void shouldTakeNoContinuationLineForAnEvent() {
        assertThat(LogFormats.parse("connect", "\tat java.base/java.util.ServiceLoader.fail(ServiceLoader.java:552)")).isNull();
        assertThat(LogFormats.parse("connect", "java.util.ServiceConfigurationError: org.apache.kafka.connect.storage.Converter: "
                + "Provider io.debezium.converters.CloudEventsConverter could not be instantiated")).isNull();
        assertThat(LogFormats.parse("anomaly-detector", "\tbootstrap.servers = [127.0.0.1:10481]")).isNull();
        assertThat(LogFormats.parse("kafka", "Formatting metadata directory /work/main/.flightdeck/kafka/data with metadata.version 4.3-IV0.")).isNull();
        assertThat(LogFormats.parse("schema-registry", " --/ __ \\/ / / / _ | / _ \\/ //_/ / / / __/ ")).isNull();
        assertThat(LogFormats.parse("elasticsearch", "elasticsearch ready http://127.0.0.1:12793")).isNull();
        assertThat(LogFormats.parse("connect", "INFO: Connected to 127.0.0.1:17085 at b83c794c-efc7-11f1-bd89-02fc00000001:1-37")).isNull();
        assertThat(LogFormats.parse("kafka", "{\"not\":\"a log event\"}")).isNull();
    }

    @Test
    void shouldNameLevelsTheSameForEveryProgram() {
        assertThat(LogFormats.level("WARNING")).isEqualTo("WARN");
        assertThat(LogFormats.level("warn")).isEqualTo("WARN");
        assertThat(LogFormats.level("SEVERE")).isEqualTo("ERROR");
        assertThat(LogFormats.level("System")).isEqualTo("INFO");
        assertThat(LogFormats.level("Note")).isEqualTo("INFO");
        assertThat(LogFormats.level("FINE")).isEqualTo("DEBUG");
        assertThat(LogFormats.level("info")).isEqualTo("INFO");
    }

    /** A time written in the machine's zone, as Kafka's former pattern, Elasticsearch's, Redis and java.util.logging write it. */
    private static Instant local(String time) {
        return LocalDateTime.parse(time).atZone(ZoneId.systemDefault()).toInstant();
    }
}
