package dev.flightdeck.search;

import dev.flightdeck.http.HttpRequest;
import dev.flightdeck.http.HttpResponse;
import dev.flightdeck.http.RequestHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What stands in front of the API, as an API gateway would: the API key checked (401), the key's
 * rate limit applied (429 with Retry-After and RateLimit-* headers), a CORS policy, security
 * headers on every answer, one access-log line per request with its request id, and request
 * metrics by route. The web page, its assets, /openapi.json and /docs need no key.
 */
final class Gateway implements RequestHandler {

    private static final Logger access = LoggerFactory.getLogger("dev.flightdeck.search.access");

    static final String API_KEY_HEADER = "X-Api-Key";
    private static final String API_PREFIX = "/api/";
    private static final String CSP = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    /** Swagger UI sets style attributes from its scripts' markup; it gets inline styles and nothing else more. */
    private static final String DOCS_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
    private static final String EXPOSED = "X-Request-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, ETag";

    private final java.util.function.Supplier<ApiKeys> keys;
    private final RateLimits limits;
    private final Set<String> allowedOrigins;
    private final RequestHandler api;
    private final RequestHandler assets;
    private final MeterRegistry metrics;
    private final Counter rateLimited;
    private final Counter unauthenticated;

    Gateway(java.util.function.Supplier<ApiKeys> keys, RateLimits limits, Set<String> allowedOrigins, RequestHandler api, RequestHandler assets, MeterRegistry metrics) {
        this.keys = keys;
        this.limits = limits;
        this.allowedOrigins = allowedOrigins;
        this.api = api;
        this.assets = assets;
        this.metrics = metrics;
        this.rateLimited = Counter.builder("search_rate_limited_requests").description("Requests refused with 429").register(metrics);
        this.unauthenticated = Counter.builder("search_unauthenticated_requests").description("Requests refused with 401").register(metrics);
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws Exception {
        long start = System.nanoTime();
        String principal = "-";
        HttpResponse response;
        Optional<String> origin = request.header("Origin");
        boolean corsAllowed = origin.isPresent() && allowedOrigins.contains(origin.get());
        if (request.method().equals("OPTIONS") && request.header("Access-Control-Request-Method").isPresent()) {
            response = corsAllowed ? preflight() : HttpResponse.error(403, "origin " + FlightQuery.shorten(origin.orElse("(none)"))
                    + " may not call this API from a browser; the service's own page may (cors.allowed.origins)");
        } else if (request.path().startsWith(API_PREFIX) || request.path().equals("/api")) {
            Optional<ApiKeys.Entry> key = keys.get().entry(presentedKey(request));
            if (key.isEmpty()) {
                unauthenticated.increment();
                response = HttpResponse.error(401, presentedKey(request) == null
                        ? "an API key is required: send it in the " + API_KEY_HEADER + " header"
                        : "the API key is not valid").withHeader("WWW-Authenticate", "Bearer realm=\"flightdeck-search\"");
            } else {
                principal = key.get().name();
                TokenBucket.Decision decision = limits.tryTake(principal, key.get().ratePerSecond(), key.get().burst());
                if (decision.allowed()) {
                    response = api.handle(request);
                } else {
                    rateLimited.increment();
                    response = HttpResponse.error(429, "rate limit of key '" + principal + "' reached; retry in "
                            + decision.retryAfterSeconds() + " s").withHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
                }
                response = response.withHeader("RateLimit-Limit", Integer.toString(limits.limit(key.get().burst())))
                        .withHeader("RateLimit-Remaining", Integer.toString(decision.remaining()))
                        .withHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()));
            }
        } else {
            response = assets.handle(request);
        }
        if (corsAllowed) {
            response = response.withHeader("Access-Control-Allow-Origin", origin.get()).withHeader("Access-Control-Expose-Headers", EXPOSED);
        }
        response = response.withHeader("Vary", "Origin")
                .withHeader("Content-Security-Policy", request.path().startsWith("/docs") ? DOCS_CSP : CSP)
                .withHeader("Referrer-Policy", "no-referrer")
                .withHeader("X-Frame-Options", "DENY");
        long nanos = System.nanoTime() - start;
        String route = SearchApi.routeOf(request.path());
        Timer.builder("search_http_requests").description("Requests answered, by route and status")
                .tag("route", route == null ? (request.path().startsWith(API_PREFIX) ? "unknown" : "page") : route)
                .tag("status", Integer.toString(response.status()))
                // One bucket layout for every route, the page's included: Prometheus cannot expose a
                // name as a histogram for some series and a summary for others.
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(metrics).record(nanos, TimeUnit.NANOSECONDS);
        access.info("{} {} {} {} {} {} {}B {}ms", request.requestId(), request.client(), principal, request.method(),
                request.target().length() > 300 ? request.target().substring(0, 300) + "…" : request.target(), response.status(), response.body().length, String.format("%.1f", nanos / 1e6));
        return response;
    }

    private static final java.time.Duration[] LATENCY_BUCKETS = java.util.stream.LongStream.of(
            5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000).mapToObj(java.time.Duration::ofMillis).toArray(java.time.Duration[]::new);

    private static HttpResponse preflight() {
        return new HttpResponse(204, "text/plain", new byte[0], java.util.Map.of(
                "Access-Control-Allow-Methods", "GET, HEAD",
                "Access-Control-Allow-Headers", API_KEY_HEADER + ", Authorization, If-None-Match",
                "Access-Control-Max-Age", "600"));
    }

    /** The key from X-Api-Key, or from "Authorization: Bearer KEY"; null when neither is sent. */
    static String presentedKey(HttpRequest request) {
        Optional<String> header = request.header(API_KEY_HEADER);
        if (header.isPresent()) {
            return header.get();
        }
        return request.header("Authorization").filter(a -> a.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(a -> a.substring(7).strip()).orElse(null);
    }
}
