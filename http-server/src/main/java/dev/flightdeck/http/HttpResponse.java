package dev.flightdeck.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link RequestHandler} answers: a status, a body and its type, and extra headers.
 * Errors are JSON of one shape everywhere, {@code {"status":404,"error":"what is wrong"}}, the
 * message written for the client: never an exception's text.
 */
public record HttpResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String JSON = "application/json";

    public HttpResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status " + status + " is out of range");
        }
        headers = Map.copyOf(headers);
    }

    public static HttpResponse json(int status, byte[] json) {
        return new HttpResponse(status, JSON, json, Map.of());
    }

    public static HttpResponse json(int status, String json) {
        return json(status, json.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code {"status":..,"error":".."}} with the message as given. */
    public static HttpResponse error(int status, String message) {
        return json(status, errorJson(status, message));
    }

    /** 503 with Retry-After: the request may succeed if repeated after that many seconds. */
    public static HttpResponse unavailable(String message, int retryAfterSeconds) {
        return error(503, message).withHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }

    public static HttpResponse text(int status, String contentType, String body) {
        return new HttpResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public HttpResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpResponse(status, contentType, body, more);
    }

    static String errorJson(int status, String message) {
        return "{\"status\":" + status + ",\"error\":" + quote(message) + "}";
    }

    /** A JSON string literal of {@code text}. */
    static String quote(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
