package dev.flightdeck.streams.runtime;

import dev.flightdeck.http.HttpRequest;
import dev.flightdeck.http.HttpResponse;
import dev.flightdeck.http.RequestHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * The ops endpoints of every app, served on a listener of their own ({@code ops.listener}), apart
 * from any API, so that API load or slow API clients cannot starve a health check:
 * <ul>
 *   <li>{@code /health/live}: 200 {@code {"status":"UP","state":"RUNNING"}}, or 503 with
 *       {@code "status":"DOWN"} once Kafka Streams is failing or stopped (PENDING_ERROR, ERROR,
 *       PENDING_SHUTDOWN, NOT_RUNNING): restarting the process is then the remedy.</li>
 *   <li>{@code /health/ready}: the same shape; 200 when the app says it can serve (at least
 *       RUNNING), else 503.</li>
 *   <li>{@code /metrics}: Prometheus text.</li>
 * </ul>
 */
public final class OpsEndpoints implements RequestHandler {

    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";
    public static final String METRICS = "/metrics";

    private static final Set<State> NOT_LIVE = EnumSet.of(State.PENDING_ERROR, State.ERROR, State.PENDING_SHUTDOWN, State.NOT_RUNNING);
    private static final int MAX_PATH_IN_ERROR = 200;

    private final Supplier<State> state;
    private final BooleanSupplier ready;
    private final PrometheusMeterRegistry metrics;

    /**
     * @param state Kafka Streams' state now
     * @param ready whether the app can serve (its own test, e.g. RUNNING and every partition restored)
     */
    public OpsEndpoints(Supplier<State> state, BooleanSupplier ready, PrometheusMeterRegistry metrics) {
        this.state = state;
        this.ready = ready;
        this.metrics = metrics;
    }

    /** Whether Kafka Streams in this state still does its work (or is about to). */
    public static boolean live(State state) {
        return !NOT_LIVE.contains(state);
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return HttpResponse.error(405, request.method() + " is not supported here; the ops endpoints answer GET")
                    .withHeader("Allow", "GET, HEAD");
        }
        return switch (request.path()) {
            case LIVE -> {
                State now = state.get();
                yield health(live(now), now);
            }
            case READY -> {
                State now = state.get();
                yield health(live(now) && ready.getAsBoolean(), now);
            }
            case METRICS -> HttpResponse.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
            default -> HttpResponse.error(404, "no endpoint " + clip(request.path()) + "; try " + LIVE + ", " + READY + ", " + METRICS);
        };
    }

    private static HttpResponse health(boolean up, State state) {
        return HttpResponse.json(up ? 200 : 503, "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"state\":\"" + state.name() + "\"}");
    }

    private static String clip(String path) {
        return path.length() <= MAX_PATH_IN_ERROR ? path : path.substring(0, MAX_PATH_IN_ERROR) + "…";
    }
}
