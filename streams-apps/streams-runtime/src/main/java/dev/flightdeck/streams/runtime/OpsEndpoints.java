package dev.flightdeck.streams.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * The HTTP listener of every app: the ops endpoints, the same in each, and the app's own API (if
 * it has one) for every other path.
 * <ul>
 *   <li>{@code /health/live}: 200 {@code {"status":"UP","state":"RUNNING"}}, or 503 with
 *       {@code "status":"DOWN"} once Kafka Streams is failing or stopped (PENDING_ERROR, ERROR,
 *       PENDING_SHUTDOWN, NOT_RUNNING): restarting the process is then the remedy.</li>
 *   <li>{@code /health/ready}: the same shape; 200 when the app says it can serve (at least
 *       RUNNING), else 503.</li>
 *   <li>{@code /metrics}: Prometheus text.</li>
 * </ul>
 */
public final class OpsEndpoints implements AutoCloseable {

    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";
    public static final String METRICS = "/metrics";

    private static final Set<State> NOT_LIVE = EnumSet.of(State.PENDING_ERROR, State.ERROR, State.PENDING_SHUTDOWN, State.NOT_RUNNING);

    private final Supplier<State> state;
    private final BooleanSupplier ready;
    private final PrometheusMeterRegistry metrics;
    private final HttpHandler api;
    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(4, Thread.ofPlatform().name("http-", 0).daemon().factory());

    /**
     * @param state   Kafka Streams' state now
     * @param ready   whether the app can serve (its own test, e.g. RUNNING and every partition restored)
     * @param api     the app's API for every other path; null: none (404)
     */
    public OpsEndpoints(InetSocketAddress bind, Supplier<State> state, BooleanSupplier ready, PrometheusMeterRegistry metrics,
                        HttpHandler api) throws IOException {
        this.state = state;
        this.ready = ready;
        this.metrics = metrics;
        this.api = api;
        try {
            server = HttpServer.create(bind, 64);
        } catch (BindException e) {
            throw new IllegalStateException("port " + bind.getPort() + " of " + bind.getHostString() + " is in use; set "
                    + StreamsAppConfig.HTTP_LISTENER_CONFIG + " to another host:port", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(workers);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Whether Kafka Streams in this state still does its work (or is about to). */
    public static boolean live(State state) {
        return !NOT_LIVE.contains(state);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        switch (path) {
            case LIVE -> {
                try (exchange) {
                    State now = state.get();
                    health(exchange, live(now), now);
                }
            }
            case READY -> {
                try (exchange) {
                    State now = state.get();
                    health(exchange, live(now) && ready.getAsBoolean(), now);
                }
            }
            case METRICS -> {
                try (exchange) {
                    send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
                }
            }
            default -> {
                if (api != null) {
                    api.handle(exchange);
                } else {
                    try (exchange) {
                        send(exchange, 404, "application/json", "{\"status\":404,\"error\":\"no endpoint " + path.replaceAll("[\"\\\\]", "")
                                + "; try " + LIVE + ", " + READY + ", " + METRICS + "\"}");
                    }
                }
            }
        }
    }

    private static void health(HttpExchange exchange, boolean up, KafkaStreams.State state) throws IOException {
        send(exchange, up ? 200 : 503, "application/json",
                "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"state\":\"" + state.name() + "\"}");
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
        workers.shutdownNow();
    }
}
