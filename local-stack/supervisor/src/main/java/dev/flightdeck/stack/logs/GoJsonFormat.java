package dev.flightdeck.stack.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The JSON lines of the Go programs (Prometheus, Alertmanager and the exporters, launched with
 * their JSON log flag): go-kit's {@code ts}, {@code caller}, {@code level}, {@code msg}, or
 * logrus's {@code time}, {@code level}, {@code msg}. Every other key follows the message as
 * {@code key=value}, in the order of the line.
 * <pre>{"caller":"main.go:241","level":"info","msg":"Starting Alertmanager","ts":"2026-12-04T13:30:24.656Z","version":"(version=0.25.0, ...)"}</pre>
 */
final class GoJsonFormat implements JsonLogFormat {

    private static final Set<String> FIELDS = Set.of("ts", "time", "level", "caller", "msg");

    @Override
    public LogRecord parse(String service, JsonNode event) {
        JsonNode ts = event.hasNonNull("ts") ? event.get("ts") : event.get("time");
        if (ts == null || !event.hasNonNull("level")) {
            return null;
        }
        Instant time = LogFormats.instant(ts.asText());
        if (time == null) {
            return null;
        }
        StringBuilder message = new StringBuilder(event.path("msg").asText(""));
        for (Map.Entry<String, JsonNode> field : event.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                message.append(' ').append(field.getKey()).append('=').append(value(field.getValue()));
            }
        }
        return new LogRecord(time, service, LogFormats.level(event.get("level").asText()), event.path("caller").asText(""),
                message.toString().strip(), null);
    }

    /** As logfmt writes it: quoted when it holds a space, a quote or an equals sign. */
    private static String value(JsonNode value) {
        if (!value.isTextual()) {
            return value.toString();
        }
        String text = value.asText();
        return text.isEmpty() || text.chars().anyMatch(c -> c == ' ' || c == '"' || c == '=') ? new TextNode(text).toString() : text;
    }
}
