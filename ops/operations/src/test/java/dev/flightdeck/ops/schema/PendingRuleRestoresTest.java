package dev.flightdeck.ops.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.flightdeck.clients.registry.RegistryClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notes that make a rule relaxed by an unfinished {@code schema allow} come back. The registry
 * here is a loopback HTTP server that records the calls of the Confluent subject-config API,
 * enough to see which rule the restore asks for.
 */
class PendingRuleRestoresTest {

    @TempDir
    Path dir;

    private HttpServer registry;
    private final List<String> calls = new ArrayList<>();
    private volatile String rule = "NONE";

    @BeforeEach
    void startRegistry() throws Exception {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/config/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + body);
            if (exchange.getRequestMethod().equals("PUT")) {
                rule = body.replaceAll(".*\"compatibility\":\"(\\w+)\".*", "$1");
            }
            byte[] answer = ("{\"compatibilityLevel\":\"" + rule + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        registry.start();
    }

    @AfterEach
    void stopRegistry() {
        registry.stop(0);
    }

    private RegistryClient client() {
        return new RegistryClient("http://127.0.0.1:" + registry.getAddress().getPort());
    }

    @Test
    void shouldRestoreARuleAnUnfinishedAllowLeftRelaxedAndForgetIt() throws Exception {
        PendingRuleRestores pending = new PendingRuleRestores(dir.resolve("pending"));
        pending.record(client(), "cdc.flights.passenger-value", "BACKWARD");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("pending")))).isEqualTo("rwx------");

        List<String> restored = pending.restore(client());

        assertThat(restored).singleElement().asString().startsWith("restored the rule of cdc.flights.passenger-value to BACKWARD");
        assertThat(calls).contains("PUT /config/cdc.flights.passenger-value {\"compatibility\":\"BACKWARD\"}");
        assertThat(pending.restore(client())).as("restored once, then forgotten").isEmpty();
    }

    @Test
    void shouldLeaveNothingToRestoreAfterAnAllowThatFinished() {
        PendingRuleRestores pending = new PendingRuleRestores(dir.resolve("pending"));
        pending.record(client(), "cdc.flights.passenger-value", "BACKWARD");
        pending.done(client(), "cdc.flights.passenger-value");
        assertThat(pending.restore(client())).isEmpty();
        assertThat(calls).isEmpty();
    }

    @Test
    void shouldRestoreOnlyTheNotesOfTheRegistryAsked() {
        PendingRuleRestores pending = new PendingRuleRestores(dir.resolve("pending"));
        pending.record(new RegistryClient("http://elsewhere.invalid:8081"), "cdc.flights.passenger-value", "BACKWARD");
        assertThat(pending.restore(client())).isEmpty();
        assertThat(calls).isEmpty();
    }
}
