package dev.flightdeck.stack.logs;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * Flightdeck's JSON lines ({@code logging/src/main/resources/FlightdeckLayout.json}): our services,
 * Kafka, Connect and Elasticsearch through Log4j, and the schema registry through Quarkus's JSON
 * console format with the same field names.
 * <pre>{"time":"2026-12-04T13:24:15.143Z","service":"simulator","level":"INFO","logger":"dev.flightdeck.database.BookingSimulator","thread":"main","message":"..."}</pre>
 */
final class FlightdeckJsonFormat implements JsonLogFormat {

    @Override
    public LogRecord parse(String service, JsonNode event) {
        if (!event.hasNonNull("time") || !event.hasNonNull("logger") || !event.hasNonNull("message")) {
            return null;
        }
        Instant time = LogFormats.instant(event.get("time").asText());
        if (time == null) {
            return null;
        }
        String exception = event.hasNonNull("exception") ? stackTrace(event.get("exception").asText()) : null;
        return new LogRecord(time, service, LogFormats.level(event.path("level").asText()), event.get("logger").asText(),
                event.get("message").asText(), exception);
    }

    private static String stackTrace(String text) {
        // Quarkus's formatted stack trace (the registry's) starts with ": ".
        String trace = text.startsWith(": ") ? text.substring(2) : text;
        return trace.stripTrailing();
    }
}
