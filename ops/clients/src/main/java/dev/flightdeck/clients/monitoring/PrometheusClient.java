package dev.flightdeck.clients.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flightdeck.clients.EndpointException;
import dev.flightdeck.clients.JsonHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    /** A loaded alerting or recording rule and whether its last evaluation worked ({@code health} is {@code ok}). */
    public record Rule(String group, String name, String health, String lastError) {
        public boolean healthy() {
            return "ok".equals(health);
        }
    }

    /** Every rule Prometheus loaded, group by group. */
    public List<Rule> rules() {
        JsonNode answer = http.get("/api/v1/rules").expect(200, "reading the rules").json();
        List<Rule> rules = new ArrayList<>();
        for (JsonNode group : answer.path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                rules.add(new Rule(group.path("name").asText(), rule.path("name").asText(), rule.path("health").asText(),
                        rule.path("lastError").asText("")));
            }
        }
        return rules;
    }

    /** The Alertmanagers Prometheus sends to (their API URLs). */
    public List<String> activeAlertmanagers() {
        JsonNode answer = http.get("/api/v1/alertmanagers").expect(200, "reading the Alertmanagers").json();
        List<String> urls = new ArrayList<>();
        answer.path("data").path("activeAlertmanagers").forEach(am -> urls.add(am.path("url").asText()));
        return urls;
    }
}
