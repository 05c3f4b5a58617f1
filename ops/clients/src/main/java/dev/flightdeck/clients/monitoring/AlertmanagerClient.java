package dev.flightdeck.clients.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flightdeck.clients.EndpointException;
import dev.flightdeck.clients.JsonHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Alertmanager's API (v2): the alerts it holds. */
public final class AlertmanagerClient {

    private final JsonHttp http;

    public AlertmanagerClient(String baseUrl) {
        this.http = new JsonHttp("Alertmanager", baseUrl, Duration.ofSeconds(10));
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    /** Active alerts (neither silenced nor inhibited) whose labels equal every one of {@code labels}. */
    public List<JsonNode> activeAlerts(Map<String, String> labels) {
        StringBuilder path = new StringBuilder("/api/v2/alerts?active=true&silenced=false&inhibited=false");
        // One matcher per filter parameter: Alertmanager refuses a comma-separated list in one.
        labels.forEach((name, value) -> path.append("&filter=")
                .append(URLEncoder.encode(name + "=\"" + value.replace("\"", "\\\"") + "\"", StandardCharsets.UTF_8)));
        JsonNode alerts = http.get(path.toString()).expect(200, "reading the alerts").json();
        if (!alerts.isArray()) {
            throw new EndpointException("Alertmanager answered " + path + " with something other than a list: " + alerts);
        }
        List<JsonNode> list = new ArrayList<>();
        alerts.forEach(list::add);
        return list;
    }
}
