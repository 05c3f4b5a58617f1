package dev.flightdeck.streams.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The HTTP endpoints ops and the launcher use on an app without an API of its own:
 * {@code /health/live}, {@code /health/ready} (200 once Kafka Streams runs, else 503 with its
 * state) and {@code /metrics} (Prometheus text).
 */
public final class OpsEndpoints implements AutoCloseable {

    private final HttpServer server;

    /** @param state the app's state, e.g. Kafka Streams' RUNNING, REBALANCING; ready when {@code ready} says so */
    public OpsEndpoints(InetSocketAddress bind, Supplier<String> state, Supplier<Boolean> ready, PrometheusMeterRegistry metrics)
            throws IOException {
        server = HttpServer.create(bind, 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", exchange -> {
            try (exchange) {
                switch (exchange.getRequestURI().getPath()) {
                    case "/health/live" -> send(exchange, 200, "application/json", "{\"status\":\"UP\"}");
                    case "/health/ready" -> send(exchange, ready.get() ? 200 : 503, "application/json",
                            "{\"status\":\"" + (ready.get() ? "UP" : "DOWN") + "\",\"state\":\"" + state.get() + "\"}");
                    case "/metrics" -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
                    default -> send(exchange, 404, "application/json",
                            "{\"error\":\"not found\",\"try\":[\"/health/live\",\"/health/ready\",\"/metrics\"]}");
                }
            }
        });
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
