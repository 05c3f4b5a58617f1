package dev.flightdeck.connect.alertmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.connect.errors.ConnectException;

/** Alertmanager's API v2, the part the sink uses: {@code POST /api/v2/alerts} and {@code GET /api/v2/alerts}. */
final class AlertmanagerApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALERTS = "api/v2/alerts";
    /** Enough of an error answer for a log line and a dead-letter header. */
    private static final int MAX_REASON = 1000;

    /** What an answer's status says about the request. */
    enum Answer {
        /** 2xx: every alert was taken. */
        ACCEPTED,
        /**
         * 400, 413, 422: Alertmanager refused what was sent (an invalid label set, start after
         * end, a body too large). It keeps the valid alerts of a batch; sent alone, the refused
         * ones are found and dead-lettered.
         */
        REFUSED,
        /** 408, 429, 5xx: overloaded, restarting, or behind a proxy that lost it; passes by itself, so retried. */
        UNAVAILABLE,
        /** Any other status (401, 403, 404, 3xx): the URL or the access is wrong, and no retry will change that. */
        MISCONFIGURED;

        static Answer of(int status) {
            if (status >= 200 && status < 300) {
                return ACCEPTED;
            }
            if (status == 400 || status == 413 || status == 422) {
                return REFUSED;
            }
            if (status == 408 || status == 429 || status >= 500) {
                return UNAVAILABLE;
            }
            return MISCONFIGURED;
        }
    }

    /** What one Alertmanager answered to one request. */
    record Response(URI alertmanager, int status, String body) {

        Answer answer() {
            return Answer.of(status);
        }

        /** "Alertmanager http://am:9093 answered 400: invalid label set: …" */
        String describe() {
            String reason = body == null ? "" : body.strip();
            if (reason.length() > MAX_REASON) {
                reason = reason.substring(0, MAX_REASON) + "…";
            }
            return "Alertmanager " + alertmanager + " answered " + status + (reason.isEmpty() ? "" : ": " + reason);
        }
    }

    /** An Alertmanager that answered but did not serve the request, and will (overload, restart, a proxy's error page): retried. */
    static final class Unavailable extends IOException {
        Unavailable(Response response) {
            super(response.describe());
        }

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A failure without an answer, named by the Alertmanager it is about (the HTTP client's own messages are often empty). */
    static IOException noAnswer(URI alertmanager, IOException failure) {
        if (failure instanceof Unavailable) {
            return failure;
        }
        String why = failure.getMessage() == null || failure.getMessage().isBlank() ? failure.getClass().getSimpleName() : failure.getMessage();
        return new IOException("no answer from Alertmanager " + alertmanager + ": " + why, failure);
    }

    private final HttpClient http;
    private final Duration timeout;

    AlertmanagerApi(Duration timeout) {
        this.timeout = timeout;
        // HTTP/1.1 as Alertmanager speaks it, without an h2c upgrade that a proxy in front of it may mishandle.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Sends the alerts in one request; the answer whatever its status. Throws {@link IOException} when there is no answer. */
    Response post(URI alertmanager, List<Alert> alerts) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint(alertmanager, ""))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(alerts), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(alertmanager, response.statusCode(), response.body());
    }

    /**
     * The alerts Alertmanager holds and has not resolved (active, silenced, inhibited or not yet
     * processed) with all these labels. Throws {@link Unavailable} for an answer that may pass,
     * {@link IOException} for none, {@link ConnectException} for one that will not.
     */
    List<Alert> unresolved(URI alertmanager, Map<String, String> labels) throws IOException, InterruptedException {
        String filters = labels.entrySet().stream()
                .map(label -> "&filter=" + URLEncoder.encode(label.getKey() + "=\"" + quote(label.getValue()) + "\"", StandardCharsets.UTF_8))
                .collect(Collectors.joining());
        HttpRequest request = HttpRequest.newBuilder(endpoint(alertmanager, "?active=true&silenced=true&inhibited=true&unprocessed=true"
                        + filters))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        Response response = new Response(alertmanager, answer.statusCode(), answer.body());
        switch (response.answer()) {
            case ACCEPTED -> {
                return parseAlerts(response);
            }
            case UNAVAILABLE -> throw new Unavailable(response);
            default -> throw new ConnectException(response.describe() + " to GET " + request.uri().getPath()
                    + ": check " + AlertmanagerSinkConfig.URL_CONFIG);
        }
    }

    /** The request body: a JSON array of postable alerts. */
    static String json(List<Alert> alerts) {
        ArrayNode array = JSON.createArrayNode();
        for (Alert alert : alerts) {
            ObjectNode node = array.addObject();
            ObjectNode labels = node.putObject("labels");
            alert.labels().forEach(labels::put);
            ObjectNode annotations = node.putObject("annotations");
            alert.annotations().forEach(annotations::put);
            node.put("startsAt", alert.startsAt().toString());
            node.put("endsAt", alert.endsAt().toString());
        }
        try {
            return JSON.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("alerts cannot be written as JSON", e);
        }
    }

    private static List<Alert> parseAlerts(Response response) throws IOException {
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new Unavailable("Alertmanager " + response.alertmanager() + " answered with something other than JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (!body.isArray()) {
            throw new Unavailable("Alertmanager " + response.alertmanager() + " answered with something other than a list of alerts", null);
        }
        List<Alert> alerts = new ArrayList<>(body.size());
        for (JsonNode node : body) {
            try {
                alerts.add(new Alert(strings(node.path("labels")), strings(node.path("annotations")),
                        Instant.parse(node.path("startsAt").asText()), Instant.parse(node.path("endsAt").asText())));
            } catch (DateTimeParseException e) {
                throw new Unavailable("Alertmanager " + response.alertmanager() + " listed an alert with a time that is not "
                        + "RFC 3339: " + e.getParsedString(), e);
            }
        }
        return alerts;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().asText()));
        return map;
    }

    private static URI endpoint(URI alertmanager, String query) {
        String base = alertmanager.toString();
        return URI.create(base + (base.endsWith("/") ? "" : "/") + ALERTS + query);
    }

    /** A label value inside a matcher's double quotes. */
    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public void close() {
        http.close();
    }
}
