package dev.flightdeck.clients.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flightdeck.clients.BasicCredentials;
import dev.flightdeck.clients.EndpointException;
import dev.flightdeck.clients.JsonHttp;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * Kafka Connect's REST API, as a data engineer uses it: validate a connector config, PUT it, watch
 * the connectors' and tasks' states, stop, resume and restart them, read source offsets.
 */
public final class ConnectClient {

    private final JsonHttp http;

    /** A client of a worker that asks for no credentials. */
    public ConnectClient(String baseUrl) {
        this(baseUrl, null);
    }

    /** A client sending {@code credentials} (null: none) to a worker with Basic authentication on its REST API. */
    public ConnectClient(String baseUrl, BasicCredentials credentials) {
        this(baseUrl, credentials, null);
    }

    /** The same, trusting for an https:// URL what {@code tls} trusts (null: the JVM's default authorities). */
    public ConnectClient(String baseUrl, BasicCredentials credentials, SSLContext tls) {
        // Validating or reconfiguring a connector can take Connect tens of seconds on a busy worker.
        this.http = new JsonHttp("Kafka Connect", baseUrl, Duration.ofSeconds(90), credentials, tls);
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    /** A connector file of {@code connect-configs/}: {@code {"name": ..., "config": {...}}}. */
    public record ConnectorFile(Path file, String name, ObjectNode config) {
        public static ConnectorFile read(Path file) {
            try {
                JsonNode root = JsonHttp.JSON.readTree(file.toFile());
                if (!root.path("name").isTextual() || !root.path("config").isObject()) {
                    throw new IllegalArgumentException(file + " must hold {\"name\": ..., \"config\": {...}}");
                }
                return new ConnectorFile(file, root.get("name").asText(), (ObjectNode) root.get("config"));
            } catch (IOException e) {
                throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
            }
        }
    }

    /** A connector's state and its tasks' states, e.g. RUNNING / [RUNNING]; a failed one carries its trace. */
    public record ConnectorStatus(String name, String state, String trace, List<TaskStatus> tasks) {
        public boolean running() {
            return "RUNNING".equals(state) && !tasks.isEmpty() && tasks.stream().allMatch(t -> "RUNNING".equals(t.state()));
        }

        public boolean failed() {
            return "FAILED".equals(state) || tasks.stream().anyMatch(t -> "FAILED".equals(t.state()));
        }
    }

    /** A task's state and the worker running it ({@code host:port}, as the worker advertises itself). */
    public record TaskStatus(int id, String state, String workerId, String trace) {
        /** Why it failed, in plain words: the registry's refusal of a table's schema, or the trace's first line. */
        public String reason() {
            return trace == null ? "" : CaptureFailure.of(trace).plainWords();
        }
    }

    /**
     * Asks the worker to validate the config and returns "key: problem" lines (empty when valid).
     * Connect 4.3 reports any invalid Debezium config on PUT as a NullPointerException; the
     * validate endpoint names the real key and problem, so it is always asked first.
     */
    public List<String> validate(ConnectorFile connector) {
        String connectorClass = connector.config().path("connector.class").asText();
        ObjectNode config = connector.config().deepCopy();
        config.put("name", connector.name());
        JsonHttp.Response response = http.send("PUT", "/connector-plugins/" + encode(connectorClass) + "/config/validate",
                config.toString(), null);
        if (response.status() == 404 || response.status() == 400 && response.body().contains("Failed to find any class")) {
            return List.of("connector.class: no plugin " + connectorClass + " is installed on this worker (see GET /connector-plugins)");
        }
        response.expect(200, "validating " + connector.name());
        List<String> problems = new ArrayList<>();
        for (JsonNode entry : response.json().path("configs")) {
            JsonNode value = entry.path("value");
            for (JsonNode error : value.path("errors")) {
                problems.add(value.path("name").asText() + ": " + error.asText());
            }
        }
        return problems;
    }

    /** The connector's config as submitted (placeholders unresolved), or null when there is no such connector. */
    public ObjectNode config(String name) {
        JsonHttp.Response response = http.get("/connectors/" + encode(name) + "/config");
        if (response.status() == 404) {
            return null;
        }
        return (ObjectNode) response.expect(200, "reading the config of " + name).json();
    }

    /** Creates or updates the connector. Connect restarts it even when the config is unchanged: compare with {@link #config} first. */
    public void put(ConnectorFile connector) {
        JsonHttp.Response response = http.send("PUT", "/connectors/" + encode(connector.name()) + "/config",
                connector.config().toString(), null);
        if (response.status() != 200 && response.status() != 201) {
            throw new EndpointException("Connect refused " + connector.file() + ": HTTP " + response.status() + " " + response.body());
        }
    }

    /** Replaces a connector's config (as {@link #config} returned it, edited); Connect restarts it. */
    public void putConfig(String name, ObjectNode config) {
        JsonHttp.Response response = http.send("PUT", "/connectors/" + encode(name) + "/config", config.toString(), null);
        if (response.status() != 200 && response.status() != 201) {
            throw new EndpointException("Connect refused the new config of " + name + ": HTTP " + response.status() + " "
                    + response.body());
        }
    }

    /** Removes the connector (its committed consumer offsets stay with its group). */
    public void delete(String name) {
        JsonHttp.Response response = http.send("DELETE", "/connectors/" + encode(name), null, null);
        if (response.status() != 204 && response.status() != 404) {
            throw new EndpointException("deleting " + name + " failed: HTTP " + response.status() + " " + response.body());
        }
    }

    public List<String> connectors() {
        List<String> names = new ArrayList<>();
        http.get("/connectors").expect(200, "listing connectors").json().forEach(n -> names.add(n.asText()));
        return names;
    }

    public ConnectorStatus status(String name) {
        JsonHttp.Response response = http.get("/connectors/" + encode(name) + "/status");
        if (response.status() == 404) {
            return new ConnectorStatus(name, "MISSING", null, List.of());
        }
        return status(name, response.expect(200, "reading the status of " + name).json());
    }

    /** Every connector's status in one call, by name. */
    public Map<String, ConnectorStatus> statuses() {
        Map<String, ConnectorStatus> statuses = new LinkedHashMap<>();
        http.get("/connectors?expand=status").expect(200, "listing connectors").json().properties()
                .forEach(entry -> statuses.put(entry.getKey(), status(entry.getKey(), entry.getValue().path("status"))));
        return statuses;
    }

    private static ConnectorStatus status(String name, JsonNode root) {
        List<TaskStatus> tasks = new ArrayList<>();
        for (JsonNode task : root.path("tasks")) {
            tasks.add(new TaskStatus(task.path("id").asInt(), task.path("state").asText(), task.path("worker_id").asText(),
                    task.hasNonNull("trace") ? task.get("trace").asText() : null));
        }
        JsonNode connector = root.path("connector");
        return new ConnectorStatus(name, connector.path("state").asText(),
                connector.hasNonNull("trace") ? connector.get("trace").asText() : null, tasks);
    }

    /** The committed source offsets of a connector (KIP-875): partition → offset fields. */
    public List<Map<String, Object>> offsets(String name) {
        List<Map<String, Object>> offsets = new ArrayList<>();
        for (JsonNode entry : http.get("/connectors/" + encode(name) + "/offsets").expect(200, "reading the offsets of " + name)
                .json().path("offsets")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> offset = JsonHttp.JSON.convertValue(entry.path("offset"), Map.class);
            offsets.add(offset);
        }
        return offsets;
    }

    /** The worker's own readiness (KIP-1017): started, internal topics read, group joined; an exception says why not. */
    public boolean healthy() {
        JsonHttp.Response response = http.get("/health");
        if (response.status() != 200) {
            throw new IllegalStateException(response.json().path("message").asText(response.body()));
        }
        return true;
    }

    public boolean hasPlugin(String className) {
        for (Iterator<JsonNode> it = http.get("/connector-plugins?connectorsOnly=false").expect(200, "listing plugins").json()
                .elements(); it.hasNext(); ) {
            if (className.equals(it.next().path("class").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Stops the connector and its tasks (KIP-875): its offsets stay; {@link #resume} starts it again. */
    public void stop(String name) {
        http.send("PUT", "/connectors/" + encode(name) + "/stop", "", null).expect(200, "stopping " + name);
    }

    public void resume(String name) {
        http.send("PUT", "/connectors/" + encode(name) + "/resume", "", null).expect(200, "resuming " + name);
    }

    /** Restarts the connector and its failed tasks. */
    public void restart(String name) {
        http.send("POST", "/connectors/" + encode(name) + "/restart?includeTasks=true&onlyFailed=true", "", null)
                .expect(200, "restarting " + name);
    }

    /** Restarts the connector instance alone; false when the worker cannot do it now (a rebalance in progress: 409). */
    public boolean restartConnector(String name) {
        return http.send("POST", "/connectors/" + encode(name) + "/restart?includeTasks=false&onlyFailed=false", "", null).ok();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
