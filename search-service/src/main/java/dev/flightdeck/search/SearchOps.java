package dev.flightdeck.search;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flightdeck.http.HttpRequest;
import dev.flightdeck.http.HttpResponse;
import dev.flightdeck.http.RequestHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;

/**
 * The ops endpoints, on a listener of their own: {@code /health/live} (the process serves),
 * {@code /health/ready} (the airport directory has caught up, so searches by city work), each with
 * every dependency's circuit-breaker state, and {@code /metrics} in Prometheus text.
 */
final class SearchOps implements RequestHandler {

    private final AirportDirectory airports;
    private final List<Dependency> dependencies;
    private final PrometheusMeterRegistry metrics;

    SearchOps(AirportDirectory airports, List<Dependency> dependencies, PrometheusMeterRegistry metrics) {
        this.airports = airports;
        this.dependencies = dependencies;
        this.metrics = metrics;
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return HttpResponse.error(405, request.method() + " is not supported here; the ops endpoints answer GET").withHeader("Allow", "GET, HEAD");
        }
        return switch (request.path()) {
            case "/health/live" -> HttpResponse.json(200, status("UP").toString());
            case "/health/ready" -> airports.caughtUp() ? HttpResponse.json(200, status("UP").toString())
                    : HttpResponse.json(503, status("DOWN").put("reason", "the airport directory is still reading its topic").toString());
            case "/metrics" -> HttpResponse.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
            default -> HttpResponse.error(404, "no ops endpoint " + FlightQuery.shorten(request.path())
                    + "; they are /health/live, /health/ready, /metrics");
        };
    }

    private ObjectNode status(String status) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("status", status).put("airports", airports.size());
        ObjectNode breakers = node.putObject("dependencies");
        dependencies.forEach(d -> breakers.put(d.name(), d.state().name()));
        return node;
    }
}
