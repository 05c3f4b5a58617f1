package dev.flightdeck.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.slf4j.Log4jLoggerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Logs through the real log4j2.xml and FlightdeckLayout.json, as a service started by the stack does. */
class FlightdeckLayoutTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICE_PROPERTY = "flightdeck.service";

    @AfterEach
    void forgetTheService() {
        System.clearProperty(SERVICE_PROPERTY);
    }

    @Test
    void shouldWriteEachEventAsOneJsonLineWithExactlyTheFlightdeckFields() throws Exception {
        Instant before = Instant.now();
        List<String> lines = logAs("seat-availability", context -> {
            context.getLogger("dev.flightdeck.streams.runtime.StreamsApp").info("seat-availability started:\nAPI on port {}", 31781);
            return null;
        });

        assertThat(lines).hasSize(1);
        JsonNode event = JSON.readTree(lines.getFirst());
        assertThat(fieldNames(event)).containsExactly("time", "service", "level", "logger", "thread", "message");
        assertThat(event.get("service").asText()).isEqualTo("seat-availability");
        assertThat(event.get("level").asText()).isEqualTo("INFO");
        assertThat(event.get("logger").asText()).isEqualTo("dev.flightdeck.streams.runtime.StreamsApp");
        assertThat(event.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(event.get("message").asText()).isEqualTo("seat-availability started:\nAPI on port 31781");
        assertThat(event.get("time").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(Instant.parse(event.get("time").asText()))
                .isBetween(before.minusMillis(1), Instant.now().plus(Duration.ofSeconds(1)));
    }

    @Test
    void shouldAddTheStackTraceAsExceptionOnlyWhenThereIsOne() throws Exception {
        List<String> lines = logAs("search-service", context -> {
            var log = context.getLogger("dev.flightdeck.search.AirportDirectory");
            log.warn("airport directory stale", new IllegalStateException("topic cdc.flights.airport is empty"));
            log.warn("airport directory fresh again");
            return null;
        });

        assertThat(lines).hasSize(2);
        JsonNode failure = JSON.readTree(lines.get(0));
        assertThat(fieldNames(failure)).containsExactly("time", "service", "level", "logger", "thread", "message", "exception");
        assertThat(failure.get("exception").asText())
                .startsWith("java.lang.IllegalStateException: topic cdc.flights.airport is empty")
                .contains("\tat dev.flightdeck.logging.FlightdeckLayoutTest");
        assertThat(JSON.readTree(lines.get(1)).has("exception")).isFalse();
    }

    @Test
    void shouldKeepKafkaClientsAtWarnAndTheStreamsStateChangesAtInfo() throws Exception {
        List<String> lines = logAs("anomaly-detector", context -> {
            context.getLogger("org.apache.kafka.clients.admin.AdminClientConfig").info("AdminClientConfig values: ...");
            context.getLogger("org.apache.kafka.clients.NetworkClient").warn("Connection to node 1 could not be established");
            context.getLogger("org.apache.kafka.streams.KafkaStreams").info("State transition from REBALANCING to RUNNING");
            context.getLogger("org.flywaydb.core.FlywayExecutor").info("Database: jdbc:mysql://127.0.0.1:3306/flights");
            return null;
        });

        List<String> messages = new ArrayList<>();
        for (String line : lines) {
            messages.add(JSON.readTree(line).get("message").asText());
        }
        assertThat(messages).containsExactly("Connection to node 1 could not be established",
                "State transition from REBALANCING to RUNNING");
    }

    @Test
    void shouldWriteReadableTextWhenTheStackDidNotStartTheService() {
        List<String> lines = logAs(null, context -> {
            context.getLogger("dev.flightdeck.database.BookingSimulator").info("booking simulator starting: 20.0 tx/s");
            return null;
        });

        assertThat(lines).singleElement().asString()
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z INFO  \\[.+] "
                        + "dev\\.flightdeck\\.database\\.BookingSimulator - booking simulator starting: 20\\.0 tx/s");
    }

    @Test
    void shouldBindSlf4jToLog4j() {
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(Log4jLoggerFactory.class);
    }

    /** Runs {@code logging} against a fresh logger context of log4j2.xml and returns what it printed. */
    private static List<String> logAs(String service, Function<LoggerContext, Void> logging) {
        if (service != null) {
            System.setProperty(SERVICE_PROPERTY, service);
        }
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        // The console appender takes System.out when the configuration starts: swap it first.
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        LoggerContext context = new LoggerContext("flightdeck-layout-test");
        try {
            context.setConfigLocation(FlightdeckLayoutTest.class.getResource("/log4j2.xml").toURI());
            logging.apply(context);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } finally {
            context.stop();
            System.setOut(stdout);
        }
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static List<String> fieldNames(JsonNode event) {
        List<String> names = new ArrayList<>();
        event.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
