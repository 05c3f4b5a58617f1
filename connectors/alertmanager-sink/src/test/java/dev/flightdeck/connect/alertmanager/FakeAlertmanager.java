package dev.flightdeck.connect.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * Alertmanager's API v2 as far as the sink uses it, for the task's unit tests: POST
 * /api/v2/alerts answered as the test scripts it (200 by default) and kept; GET /api/v2/alerts
 * answered with the alerts the test says it holds. The real Alertmanager: {@code RealAlertmanagerTest}.
 */
final class FakeAlertmanager implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    /** Each POST's body, in order. */
    final List<JsonNode> posts = new CopyOnWriteArrayList<>();
    /** Each GET's decoded query, in order. */
    final List<String> queries = new CopyOnWriteArrayList<>();
    private volatile BiFunction<Integer, JsonNode, Integer> status = (request, body) -> 200;
    private volatile String held = "[]";

    FakeAlertmanager() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v2/alerts", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The status of each POST, from its number (counting from 1) and its body; anything but 200 comes with a reason. */
    void answerPosts(BiFunction<Integer, JsonNode, Integer> status) {
        this.status = status;
    }

    /** The alerts GET lists, as Alertmanager's JSON. */
    void hold(String alertsJson) {
        this.held = alertsJson;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if ("GET".equals(exchange.getRequestMethod())) {
                queries.add(URLDecoder.decode(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8));
                respond(exchange, 200, held);
                return;
            }
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            posts.add(body);
            int answer = status.apply(posts.size(), body);
            respond(exchange, answer, answer == 200 ? "" : "\"simulated " + answer + ": start time must be before end time\"");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
