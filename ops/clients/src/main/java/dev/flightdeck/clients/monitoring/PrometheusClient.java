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
import java.util.TreeMap;

/** Prometheus's HTTP API (v1): instant queries and the scrape targets' health. */
public final class PrometheusClient {

    private final JsonHttp http;

    public PrometheusClient(String baseUrl) {
        this.http = new JsonHttp("Prometheus", baseUrl, Duration.ofSeconds(15));
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    /** The series an instant query returns; an expression Prometheus cannot run is an error with its reason. */
    public List<JsonNode> query(String expr) {
        JsonHttp.Response response = http.get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        JsonNode answer = response.json();
        if (!"success".equals(answer.path("status").asText())) {
            throw new EndpointException("Prometheus refused " + expr + ": " + answer.path("error").asText("HTTP " + response.status()));
        }
        List<JsonNode> series = new ArrayList<>();
        answer.path("data").path("result").forEach(series::add);
        return series;
    }

    /** A scrape target: its job, its address, {@code up}/{@code down}/{@code unknown}, and the last scrape's error. */
    public record Target(String job, String instance, String health, String lastError) {
    }

    /** Every active scrape target, by job and instance. */
    public List<Target> targets() {
        JsonNode answer = http.get("/api/v1/targets?state=active").expect(200, "reading the scrape targets").json();
        List<Target> targets = new ArrayList<>();
        for (JsonNode target : answer.path("data").path("activeTargets")) {
            targets.add(new Target(target.path("labels").path("job").asText(), target.path("labels").path("instance").asText(),
                    target.path("health").asText(), target.path("lastError").asText("")));
        }
        return targets;
    }

    /** Each rule group's rules that Prometheus could not evaluate, with the reason: empty when all are healthy. */
    public Map<String, String> unhealthyRules() {
        JsonNode answer = http.get("/api/v1/rules").expect(200, "reading the rules").json();
        Map<String, String> unhealthy = new TreeMap<>();
        for (JsonNode group : answer.path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (!"ok".equals(rule.path("health").asText())) {
                    unhealthy.put(group.path("name").asText() + "/" + rule.path("name").asText(), rule.path("lastError").asText());
                }
            }
        }
        return unhealthy;
    }

    /** How many rules Prometheus loaded. */
    public int ruleCount() {
        JsonNode answer = http.get("/api/v1/rules").expect(200, "reading the rules").json();
        int count = 0;
        for (JsonNode group : answer.path("data").path("groups")) {
            count += group.path("rules").size();
        }
        return count;
    }

    /** The Alertmanagers Prometheus sends to (their API URLs). */
    public List<String> activeAlertmanagers() {
        JsonNode answer = http.get("/api/v1/alertmanagers").expect(200, "reading the Alertmanagers").json();
        List<String> urls = new ArrayList<>();
        answer.path("data").path("activeAlertmanagers").forEach(am -> urls.add(am.path("url").asText()));
        return urls;
    }
}
