package dev.flightdeck.ops.lagexporter;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flightdeck.http.HttpRequest;
import dev.flightdeck.http.HttpResponse;
import dev.flightdeck.http.RequestHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;

/**
 * The exporter's endpoints, each answered from memory (never by a call to Kafka):
 * {@code /metrics} in Prometheus text, {@code /health/live} (the process serves) and
 * {@code /health/ready} (a poll has read the groups; until then 503 with the reason).
 */
final class LagExporterOps implements RequestHandler {

    static final String METRICS = "/metrics";
    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";
    private static final int MAX_PATH_IN_ERROR = 200;

    private final LagCollector collector;
    private final PrometheusMeterRegistry metrics;

    LagExporterOps(LagCollector collector, PrometheusMeterRegistry metrics) {
        this.collector = collector;
        this.metrics = metrics;
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return HttpResponse.error(405, request.method() + " is not supported here; the endpoints answer GET")
                    .withHeader("Allow", "GET, HEAD");
        }
        return switch (request.path()) {
            case METRICS -> HttpResponse.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
            case LIVE -> HttpResponse.json(200, status("UP").toString());
            case READY -> ready();
            default -> HttpResponse.error(404, "no endpoint " + clip(request.path()) + "; they are " + METRICS + ", " + LIVE + ", " + READY);
        };
    }

    private HttpResponse ready() {
        Optional<String> notReady = collector.notReadyReason();
        if (notReady.isPresent()) {
            return HttpResponse.json(503, status("DOWN").put("reason", notReady.get()).toString());
        }
        ObjectNode up = status("UP");
        collector.lastSuccess().ifPresent(at -> up.put("lastSuccess", at.toString()));
        collector.lastProblem().ifPresent(problem -> up.put("lastPollFailed", problem));
        return HttpResponse.json(200, up.toString());
    }

    private static ObjectNode status(String status) {
        return JsonNodeFactory.instance.objectNode().put("status", status);
    }

    private static String clip(String path) {
        return path.length() <= MAX_PATH_IN_ERROR ? path : path.substring(0, MAX_PATH_IN_ERROR) + "…";
    }
}
