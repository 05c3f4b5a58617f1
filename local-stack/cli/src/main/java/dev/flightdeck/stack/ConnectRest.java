package dev.flightdeck.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flightdeck.cdc.CaptureFailure;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The Kafka Connect REST API, as a data engineer uses it: validate a connector config, PUT it,
 * and watch the connector's and its tasks' states.
 */
public final class ConnectRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String baseUrl;

    public ConnectRest(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** A connector file of {@code connect-configs/}: {@code {"name": ..., "config": {...}}}. */
    public record ConnectorFile(Path file, String name, ObjectNode config) {
        public static ConnectorFile read(Path file) {
            try {
                JsonNode root = JSON.readTree(file.toFile());
                if (!root.path("name").isTextual() || !root.path("config").isObject()) {
                    throw new StackException(file + " must hold {\"name\": ..., \"config\": {...}}");
                }
                return new ConnectorFile(file, root.get("name").asText(), (ObjectNode) root.get("config"));
            } catch (IOException e) {
                throw new StackException(file + " is not valid JSON: " + e.getMessage(), e);
            }
        }
    }

    /** A connector's state and its tasks' states, e.g. RUNNING / [RUNNING]; a failed task carries its trace. */
    public record ConnectorStatus(String name, String state, List<TaskStatus> tasks) {
        public boolean running() {
            return "RUNNING".equals(state) && !tasks.isEmpty()
                    && tasks.stream().allMatch(t -> "RUNNING".equals(t.state()));
        }
    }

    public record TaskStatus(int id, String state, String trace) {
        /** Why it failed, in plain words: the registry's refusal of a table's schema, or the trace's first line. */
        public String reason() {
            return trace == null ? "" : CaptureFailure.of(trace).plainWords();
        }
    }

    /**
     * Asks the worker to validate the config and returns "key: problem" lines (empty when valid).
     * Connect 4.3 reports any invalid Debezium config on PUT as a NullPointerException; the
     * validate endpoint names the real key and problem, so we always ask it first.
     */
    public List<String> validate(ConnectorFile connector) throws IOException, InterruptedException {
        String connectorClass = connector.config().path("connector.class").asText();
        ObjectNode config = connector.config().deepCopy();
        config.put("name", connector.name());
        HttpResponse<String> response = send("PUT", "/connector-plugins/"
                + URLEncoder.encode(connectorClass, StandardCharsets.UTF_8) + "/config/validate", config.toString());
        if (response.statusCode() == 404 || response.statusCode() == 400 && response.body().contains("Failed to find any class")) {
            return List.of("connector.class: no plugin " + connectorClass + " is installed on this worker (see GET /connector-plugins)");
        }
        expect(response, 200, "validating " + connector.name());
        List<String> problems = new ArrayList<>();
        for (JsonNode entry : JSON.readTree(response.body()).path("configs")) {
            JsonNode value = entry.path("value");
            for (JsonNode error : value.path("errors")) {
                problems.add(value.path("name").asText() + ": " + error.asText());
            }
        }
        return problems;
    }

    /**
     * The connector's config as submitted (placeholders unresolved), or null when there is no such
     * connector.
     */
    public ObjectNode config(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", "/connectors/" + name + "/config", null);
        if (response.statusCode() == 404) {
            return null;
        }
        expect(response, 200, "reading the config of " + name);
        return (ObjectNode) JSON.readTree(response.body());
    }

    /** Creates or updates the connector. Connect restarts it even when the config is unchanged: see {@link #config}. */
    public void put(ConnectorFile connector) throws IOException, InterruptedException {
        HttpResponse<String> response = send("PUT", "/connectors/" + connector.name() + "/config",
                connector.config().toString());
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new StackException("Connect refused " + connector.file() + ": HTTP " + response.statusCode()
                    + " " + response.body());
        }
    }

    /** Replaces a running connector's config (as {@link #config} returned it, edited); Connect restarts it. */
    public void putConfig(String name, ObjectNode config) throws IOException, InterruptedException {
        HttpResponse<String> response = send("PUT", "/connectors/" + name + "/config", config.toString());
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new StackException("Connect refused the new config of " + name + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
    }

    /** Removes the connector (its committed consumer offsets stay with its group). */
    public void delete(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = send("DELETE", "/connectors/" + name, null);
        if (response.statusCode() != 204 && response.statusCode() != 404) {
            throw new StackException("deleting " + name + " failed: HTTP " + response.statusCode() + " " + response.body());
        }
    }

    public List<String> connectors() throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", "/connectors", null);
        expect(response, 200, "listing connectors");
        List<String> names = new ArrayList<>();
        JSON.readTree(response.body()).forEach(n -> names.add(n.asText()));
        return names;
    }

    public ConnectorStatus status(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", "/connectors/" + name + "/status", null);
        if (response.statusCode() == 404) {
            return new ConnectorStatus(name, "MISSING", List.of());
        }
        expect(response, 200, "reading the status of " + name);
        JsonNode root = JSON.readTree(response.body());
        List<TaskStatus> tasks = new ArrayList<>();
        for (JsonNode task : root.path("tasks")) {
            tasks.add(new TaskStatus(task.path("id").asInt(), task.path("state").asText(),
                    task.hasNonNull("trace") ? task.get("trace").asText() : null));
        }
        return new ConnectorStatus(name, root.path("connector").path("state").asText(), tasks);
    }

    /** The committed source offsets of a connector (KIP-875): partition → offset fields. */
    public List<Map<String, Object>> offsets(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", "/connectors/" + name + "/offsets", null);
        expect(response, 200, "reading the offsets of " + name);
        List<Map<String, Object>> offsets = new ArrayList<>();
        for (JsonNode entry : JSON.readTree(response.body()).path("offsets")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> offset = JSON.convertValue(entry.path("offset"), Map.class);
            offsets.add(offset);
        }
        return offsets;
    }

    /** The worker's own readiness: started, internal topics read, group joined. */
    public boolean healthy() throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", "/health", null);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(JSON.readTree(response.body()).path("message").asText(response.body()));
        }
        return true;
    }

    public boolean hasPlugin(String className) throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", "/connector-plugins?connectorsOnly=false", null);
        expect(response, 200, "listing plugins");
        for (Iterator<JsonNode> it = JSON.readTree(response.body()).elements(); it.hasNext(); ) {
            if (className.equals(it.next().path("class").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Stops the connector and its tasks (KIP-875): its offsets stay; {@link #resume} starts it again. */
    public void stop(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = send("PUT", "/connectors/" + name + "/stop", "");
        if (response.statusCode() / 100 != 2) {
            throw new StackException("stopping " + name + " failed: HTTP " + response.statusCode() + " " + response.body());
        }
    }

    public void resume(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = send("PUT", "/connectors/" + name + "/resume", "");
        if (response.statusCode() / 100 != 2) {
            throw new StackException("resuming " + name + " failed: HTTP " + response.statusCode() + " " + response.body());
        }
    }

    public void restart(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = send("POST", "/connectors/" + name + "/restart?includeTasks=true&onlyFailed=true", "");
        if (response.statusCode() != 202 && response.statusCode() != 204 && response.statusCode() != 200) {
            throw new StackException("restarting " + name + " failed: HTTP " + response.statusCode() + " " + response.body());
        }
    }

    /**
     * Restarts the connector instance alone (its running tasks are left alone); false when the
     * worker cannot do it now (a rebalance in progress: 409).
     */
    public boolean restartConnector(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = send("POST", "/connectors/" + name + "/restart?includeTasks=false&onlyFailed=false", "");
        return response.statusCode() / 100 == 2;
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(90))
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new StackException(what + " failed: HTTP " + response.statusCode() + " " + response.body());
        }
    }
}
