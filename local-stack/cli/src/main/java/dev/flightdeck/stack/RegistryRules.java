package dev.flightdeck.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema registry's subjects and compatibility rules, as an operator handles them (Apicurio
 * Registry's v3 API; a Confluent-API subject is an artifact of the default group). A subject's own
 * COMPATIBILITY rule overrides the global one (BACKWARD on this stack).
 */
public final class RegistryRules {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP = "default";
    private static final int PAGE = 500;

    /** A subject: its versions, and its own compatibility rule (null: the global rule applies). */
    public record Subject(String name, int versions, String ownRule) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String v3;

    /** @param apicurioV2Url the stack's {@code …/apis/registry/v2} URL (what the serdes use) */
    public RegistryRules(String apicurioV2Url) {
        this.v3 = apicurioV2Url.replaceFirst("/apis/registry/v2/?$", "/apis/registry/v3");
    }

    public String globalRule() throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", "/admin/rules/COMPATIBILITY", null);
        return response.statusCode() == 404 ? "NONE" : JSON.readTree(expect(response, 200, "reading the global rule")).path("config").asText();
    }

    public List<Subject> subjects() throws IOException, InterruptedException {
        List<Subject> subjects = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            JsonNode page = JSON.readTree(expect(send("GET", "/search/artifacts?groupId=" + GROUP + "&limit=" + PAGE + "&offset=" + offset
                    + "&orderby=name&order=asc", null), 200, "listing subjects"));
            for (JsonNode artifact : page.path("artifacts")) {
                subjects.add(subject(artifact.path("artifactId").asText()));
            }
            if (page.path("artifacts").size() < PAGE) {
                subjects.sort(java.util.Comparator.comparing(Subject::name)); // the registry's own order is not by name
                return subjects;
            }
        }
    }

    /** The subject now; null when the registry has no such subject. */
    public Subject subject(String name) throws IOException, InterruptedException {
        HttpResponse<String> versions = send("GET", artifact(name) + "/versions?limit=" + PAGE, null);
        if (versions.statusCode() == 404) {
            return null;
        }
        int count = JSON.readTree(expect(versions, 200, "listing the versions of " + name)).path("count").asInt();
        return new Subject(name, count, ownRule(name));
    }

    /** The subject's own COMPATIBILITY rule, or null when it has none. */
    public String ownRule(String subject) throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", artifact(subject) + "/rules/COMPATIBILITY", null);
        if (response.statusCode() == 404) {
            return null;
        }
        return JSON.readTree(expect(response, 200, "reading the rule of " + subject)).path("config").asText();
    }

    /** Gives the subject a COMPATIBILITY rule of its own ({@code NONE}, {@code BACKWARD}, ...); null removes it. */
    public void setOwnRule(String subject, String level) throws IOException, InterruptedException {
        String current = ownRule(subject);
        if (level == null) {
            if (current != null) {
                expect(send("DELETE", artifact(subject) + "/rules/COMPATIBILITY", null), 204, "removing the rule of " + subject);
            }
        } else if (current == null) {
            expect(send("POST", artifact(subject) + "/rules", "{\"ruleType\":\"COMPATIBILITY\",\"config\":\"" + level + "\"}"), 204,
                    "setting the rule of " + subject);
        } else {
            expect(send("PUT", artifact(subject) + "/rules/COMPATIBILITY", "{\"ruleType\":\"COMPATIBILITY\",\"config\":\"" + level + "\"}"),
                    200, "changing the rule of " + subject);
        }
        String now = ownRule(subject);
        if (level == null ? now != null : !level.equals(now)) {
            throw new StackException("the registry kept " + subject + "'s rule at " + now + " (asked for " + level + ")");
        }
    }

    private static String artifact(String subject) {
        return "/groups/" + GROUP + "/artifacts/" + URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(v3 + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status && !(status == 204 && response.statusCode() == 200)) {
            throw new StackException(what + " failed: HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
