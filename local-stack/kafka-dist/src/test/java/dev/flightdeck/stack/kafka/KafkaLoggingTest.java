package dev.flightdeck.stack.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The broker's and the worker's logging as their JVMs find it: Log4j's own search of the classpath. */
class KafkaLoggingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void forgetTheService() {
        System.clearProperty("flightdeck.service");
    }

    @Test
    void shouldConfigureItselfFromThisModulesPropertiesRatherThanTheLoggingLibrarysXml() {
        LoggerContext context = new LoggerContext("kafka-logging-test");
        try {
            context.start();
            assertThat(context.getConfiguration().getConfigurationSource().getLocation())
                    .endsWith("kafka-dist/target/classes/log4j2.properties");
        } finally {
            context.stop();
        }
    }

    @Test
    void shouldWriteFlightdeckJsonLinesNamedAfterTheService() throws Exception {
        List<String> lines = logAs("connect", context -> {
            context.getLogger("org.apache.kafka.connect.runtime.Worker").info("Worker started");
            context.getLogger("org.apache.kafka.connect.runtime.WorkerTask").error("WorkerSinkTask{id=redis-sink-0} Task threw an uncaught exception",
                    new IllegalStateException("Redis is unreachable"));
        });

        assertThat(lines).hasSize(2);
        JsonNode started = JSON.readTree(lines.get(0));
        assertThat(fieldNames(started)).containsExactly("time", "service", "level", "logger", "thread", "message");
        assertThat(started.get("service").asText()).isEqualTo("connect");
        assertThat(started.get("logger").asText()).isEqualTo("org.apache.kafka.connect.runtime.Worker");
        JsonNode failed = JSON.readTree(lines.get(1));
        assertThat(failed.get("level").asText()).isEqualTo("ERROR");
        assertThat(failed.get("exception").asText()).startsWith("java.lang.IllegalStateException: Redis is unreachable\n\tat ");
    }

    @Test
    void shouldKeepTheBrokersNoisyInternalsAtWarn() throws Exception {
        List<String> lines = logAs("kafka", context -> {
            context.getLogger("kafka.server.ReplicaFetcherManager").info("Removed fetcher for partitions");
            context.getLogger("org.apache.kafka.storage.internals.log.LogLoader").info("Loading producer state");
            context.getLogger("org.apache.kafka.controller.QuorumController").warn("Performing controller activation");
            context.getLogger("org.apache.kafka.connect.runtime.rest.RestServer").info("GET /connectors 200");
        });

        List<String> messages = new ArrayList<>();
        for (String line : lines) {
            messages.add(JSON.readTree(line).get("message").asText());
        }
        assertThat(messages).containsExactly("Performing controller activation", "GET /connectors 200");
    }

    private static List<String> logAs(String service, Consumer<LoggerContext> logging) {
        System.setProperty("flightdeck.service", service);
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        // The console appender takes System.out when the configuration starts: swap it first.
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        LoggerContext context = new LoggerContext("kafka-logging-test");
        try {
            context.start();
            logging.accept(context);
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
