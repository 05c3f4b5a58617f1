package dev.flightdeck.stack.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The node's logging configuration, on Elasticsearch's own Log4j: Flightdeck's JSON lines. */
class ElasticsearchNodeLoggingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void forgetTheService() {
        System.clearProperty(ElasticsearchNodeMain.SERVICE_PROPERTY);
    }

    @Test
    void shouldWriteFlightdeckJsonLinesThroughElasticsearchsLog4j() throws Exception {
        System.setProperty(ElasticsearchNodeMain.SERVICE_PROPERTY, ElasticsearchNodeMain.SERVICE_NAME);
        List<String> lines = log(context -> {
            context.getLogger("org.elasticsearch.cluster.routing.allocation.AllocationService")
                .info("Cluster health status changed from [{}] to [{}]", "RED", "GREEN");
            context.getLogger("org.elasticsearch.nativeaccess.NativeAccess").warn("Unable to load native provider");
            context.getLogger("org.elasticsearch.http.AbstractHttpServerTransport")
                .warn("caught exception while handling client http traffic", new IllegalStateException("connection reset"));
        });

        assertThat(lines).hasSize(2);
        JsonNode health = JSON.readTree(lines.get(0));
        assertThat(fieldNames(health)).containsExactly("time", "service", "level", "logger", "thread", "message");
        assertThat(health.get("service").asText()).isEqualTo("elasticsearch");
        assertThat(health.get("logger").asText()).isEqualTo("org.elasticsearch.cluster.routing.allocation.AllocationService");
        assertThat(health.get("message").asText()).isEqualTo("Cluster health status changed from [RED] to [GREEN]");
        JsonNode failure = JSON.readTree(lines.get(1));
        assertThat(failure.get("level").asText()).isEqualTo("WARN");
        assertThat(failure.get("exception").asText()).startsWith("java.lang.IllegalStateException: connection reset\n\tat ");
    }

    private interface Logging {
        void logTo(LoggerContext context);
    }

    private static List<String> log(Logging logging) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        // The console appender takes System.out when the configuration starts: swap it first.
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        LoggerContext context = new LoggerContext("elasticsearch-node-logging-test");
        try {
            context.start(ElasticsearchNodeMain.loggingConfiguration());
            logging.logTo(context);
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
