package dev.flightdeck.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flightdeck.http.HttpRequest;
import dev.flightdeck.http.HttpResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The gateway in front of stand-in handlers, on a fake clock: three keys, by default a burst of two
 * per key refilled at one per second, one allowed browser origin.
 */
class GatewayTest {

    private static final String ALICE_KEY = "fdk_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String BOB_KEY = "fdk_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static final String CAROL_KEY = "fdk_dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd";
    private static final String WRONG_KEY = "fdk_cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";
    private static final String ALLOWED_ORIGIN = "http://allowed.example";
    private static final String OTHER_ORIGIN = "http://evil.example";
    private static final String FLIGHTS = "/api/flights";
    private static final String API_BODY = "{\"answeredBy\":\"api\"}";
    private static final String ASSETS_BODY = "{\"answeredBy\":\"assets\"}";

    private final AtomicLong nanos = new AtomicLong(7_000_000_000L);
    private final AtomicInteger apiCalls = new AtomicInteger();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    /** Alice and Bob have the default limit; Carol her own, a burst of five refilled every two seconds. */
    private final ApiKeys keys = new ApiKeys(List.of(
            new ApiKeys.Entry("alice", ApiKeys.digest(ALICE_KEY), null, null),
            new ApiKeys.Entry("bob", ApiKeys.digest(BOB_KEY), null, null),
            new ApiKeys.Entry("carol", ApiKeys.digest(CAROL_KEY), 0.5, 5)));
    private final Gateway gateway = new Gateway(() -> keys, new RateLimits(2, 1.0, nanos::get), Set.of(ALLOWED_ORIGIN),
            request -> {
                apiCalls.incrementAndGet();
                return HttpResponse.json(200, API_BODY);
            },
            request -> HttpResponse.json(200, ASSETS_BODY), metrics);

    private HttpResponse send(String method, String path, String... headerNameValuePairs) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < headerNameValuePairs.length; i += 2) {
            headers.put(headerNameValuePairs[i], headerNameValuePairs[i + 1]);
        }
        HttpRequest request = TestRequests.request(method, path, Map.of(), headers);
        return gateway.handle(request);
    }

    private HttpResponse get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    private static String body(HttpResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static String error(HttpResponse response) throws Exception {
        return new ObjectMapper().readTree(response.body()).path("error").asText();
    }

    @Test
    void shouldRefuseAnApiRequestWithoutAKey() throws Exception {
        HttpResponse response = get(FLIGHTS);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().get("WWW-Authenticate")).startsWith("Bearer ");
        assertThat(error(response)).contains(Gateway.API_KEY_HEADER);
        assertThat(apiCalls).hasValue(0);
        assertThat(metrics.get("search_unauthenticated_requests").counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldRefuseAWrongKey() throws Exception {
        HttpResponse response = get(FLIGHTS, "X-Api-Key", WRONG_KEY);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers()).containsKey("WWW-Authenticate");
        assertThat(error(response)).contains("not valid");
        assertThat(apiCalls).hasValue(0);
    }

    @Test
    void shouldPassAKeyedRequestOnWithRateLimitHeaders() throws Exception {
        HttpResponse response = get(FLIGHTS, "X-Api-Key", ALICE_KEY);

        assertThat(response.status()).isEqualTo(200);
        assertThat(body(response)).isEqualTo(API_BODY);
        assertThat(response.headers()).containsEntry("RateLimit-Limit", "2")
                .containsEntry("RateLimit-Remaining", "1")
                .containsEntry("RateLimit-Reset", "1")
                .doesNotContainKey("Retry-After");
    }

    @Test
    void shouldReadTheKeyHeaderInAnyCase() throws Exception {
        assertThat(get(FLIGHTS, "x-api-key", ALICE_KEY).status()).isEqualTo(200);
    }

    @Test
    void shouldAcceptTheKeyAsABearerToken() throws Exception {
        assertThat(get(FLIGHTS, "Authorization", "Bearer " + ALICE_KEY).status()).isEqualTo(200);
        assertThat(get(FLIGHTS, "authorization", "bearer " + BOB_KEY).status()).isEqualTo(200);
    }

    @Test
    void shouldNotTakeOtherAuthorizationSchemesForAKey() throws Exception {
        assertThat(get(FLIGHTS, "Authorization", "Basic " + ALICE_KEY).status()).isEqualTo(401);
    }

    @Test
    void shouldRefuseTheThirdRequestInTheSameInstant() throws Exception {
        get(FLIGHTS, "X-Api-Key", ALICE_KEY);
        get(FLIGHTS, "X-Api-Key", ALICE_KEY);

        HttpResponse third = get(FLIGHTS, "X-Api-Key", ALICE_KEY);

        assertThat(third.status()).isEqualTo(429);
        assertThat(Long.parseLong(third.headers().get("Retry-After"))).isEqualTo(1);
        assertThat(third.headers()).containsEntry("RateLimit-Remaining", "0");
        assertThat(error(third)).contains("rate limit").contains("alice");
        assertThat(apiCalls).hasValue(2);
        assertThat(metrics.get("search_rate_limited_requests").counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldAllowAgainOnceRetryAfterHasPassed() throws Exception {
        get(FLIGHTS, "X-Api-Key", ALICE_KEY);
        get(FLIGHTS, "X-Api-Key", ALICE_KEY);
        long retryAfter = Long.parseLong(get(FLIGHTS, "X-Api-Key", ALICE_KEY).headers().get("Retry-After"));

        nanos.addAndGet(Duration.ofSeconds(retryAfter).toNanos());

        assertThat(get(FLIGHTS, "X-Api-Key", ALICE_KEY).status()).isEqualTo(200);
    }

    @Test
    void shouldLimitEachKeySeparately() throws Exception {
        get(FLIGHTS, "X-Api-Key", ALICE_KEY);
        get(FLIGHTS, "X-Api-Key", ALICE_KEY);

        assertThat(get(FLIGHTS, "X-Api-Key", ALICE_KEY).status()).isEqualTo(429);
        assertThat(get(FLIGHTS, "X-Api-Key", BOB_KEY).status()).isEqualTo(200);
    }

    @Test
    void shouldApplyAKeysOwnLimit() throws Exception {
        HttpResponse first = get(FLIGHTS, "X-Api-Key", CAROL_KEY);
        for (int i = 0; i < 4; i++) {
            get(FLIGHTS, "X-Api-Key", CAROL_KEY);
        }
        HttpResponse sixth = get(FLIGHTS, "X-Api-Key", CAROL_KEY);

        assertThat(first.headers()).containsEntry("RateLimit-Limit", "5").containsEntry("RateLimit-Remaining", "4");
        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.headers()).containsEntry("Retry-After", "2").containsEntry("RateLimit-Limit", "5");
    }

    @Test
    void shouldServePagesWithoutAKey() throws Exception {
        for (String page : List.of("/", "/app.js", "/openapi.json", "/docs")) {
            HttpResponse response = get(page);

            assertThat(response.status()).as(page).isEqualTo(200);
            assertThat(body(response)).as(page).isEqualTo(ASSETS_BODY);
        }
        assertThat(apiCalls).hasValue(0);
    }

    @Test
    void shouldKeepMetricsScrapeableAfterPagesAndApiRequestsAlike() throws Exception {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Gateway measured = new Gateway(() -> keys, new RateLimits(2, 1.0, nanos::get), Set.of(ALLOWED_ORIGIN),
                request -> HttpResponse.json(200, API_BODY), request -> HttpResponse.json(200, ASSETS_BODY), prometheus);

        measured.handle(TestRequests.request("GET", FLIGHTS, Map.of(), Map.of("X-Api-Key", ALICE_KEY)));
        measured.handle(TestRequests.request("GET", "/", Map.of(), Map.of()));
        measured.handle(TestRequests.request("GET", "/nowhere", Map.of(), Map.of()));

        String scrape = prometheus.scrape();
        assertThat(scrape).contains("search_http_requests_seconds_bucket{route=\"/api/flights\",status=\"200\",le=\"0.005\"}",
                "search_http_requests_seconds_bucket{route=\"page\",status=\"200\",le=\"0.005\"}");
    }

    @Test
    void shouldNeedAKeyForTheApiRootToo() throws Exception {
        assertThat(get("/api").status()).isEqualTo(401);
        assertThat(get("/api/").status()).isEqualTo(401);
    }

    @Test
    void shouldPutSecurityHeadersOnEveryAnswer() throws Exception {
        List<HttpResponse> answers = List.of(
                get("/"),
                get(FLIGHTS),
                get(FLIGHTS, "X-Api-Key", ALICE_KEY),
                get(FLIGHTS, "X-Api-Key", ALICE_KEY),
                get(FLIGHTS, "X-Api-Key", ALICE_KEY),
                send("OPTIONS", FLIGHTS, "Origin", ALLOWED_ORIGIN, "Access-Control-Request-Method", "GET"),
                send("OPTIONS", FLIGHTS, "Origin", OTHER_ORIGIN, "Access-Control-Request-Method", "GET"));

        assertThat(answers).extracting(HttpResponse::status).containsExactly(200, 401, 200, 200, 429, 204, 403);
        for (HttpResponse answer : answers) {
            assertThat(answer.headers().get("Content-Security-Policy")).as("status " + answer.status())
                    .contains("default-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(answer.headers()).as("status " + answer.status())
                    .containsEntry("X-Frame-Options", "DENY")
                    .containsEntry("Referrer-Policy", "no-referrer")
                    .containsEntry("Vary", "Origin");
        }
    }

    @Test
    void shouldAllowInlineStylesOnlyOnTheDocsPage() throws Exception {
        String docs = get("/docs").headers().get("Content-Security-Policy");

        assertThat(docs).contains("style-src 'self' 'unsafe-inline'").doesNotContain("script-src");
        assertThat(get("/").headers().get("Content-Security-Policy")).doesNotContain("unsafe-inline");
    }

    @Test
    void shouldLetAnAllowedOriginReadTheAnswer() throws Exception {
        HttpResponse response = get(FLIGHTS, "X-Api-Key", ALICE_KEY, "Origin", ALLOWED_ORIGIN);

        assertThat(response.headers()).containsEntry("Access-Control-Allow-Origin", ALLOWED_ORIGIN);
        assertThat(response.headers().get("Access-Control-Expose-Headers"))
                .contains("Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "X-Request-Id");
    }

    @Test
    void shouldLetAnAllowedOriginReadARefusal() throws Exception {
        HttpResponse response = get(FLIGHTS, "Origin", ALLOWED_ORIGIN);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers()).containsEntry("Access-Control-Allow-Origin", ALLOWED_ORIGIN);
    }

    @Test
    void shouldNotLetAnotherOriginReadTheAnswer() throws Exception {
        HttpResponse response = get(FLIGHTS, "X-Api-Key", ALICE_KEY, "Origin", OTHER_ORIGIN);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).doesNotContainKeys("Access-Control-Allow-Origin", "Access-Control-Expose-Headers");
    }

    @Test
    void shouldAnswerAPreflightFromAnAllowedOriginWithoutAKey() throws Exception {
        HttpResponse response = send("OPTIONS", FLIGHTS, "Origin", ALLOWED_ORIGIN, "Access-Control-Request-Method", "GET",
                "Access-Control-Request-Headers", "x-api-key");

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.headers().get("Access-Control-Allow-Headers")).contains(Gateway.API_KEY_HEADER, "Authorization");
        assertThat(response.headers().get("Access-Control-Allow-Methods")).contains("GET");
        assertThat(response.headers()).containsEntry("Access-Control-Allow-Origin", ALLOWED_ORIGIN);
        assertThat(apiCalls).hasValue(0);
    }

    @Test
    void shouldRefuseAPreflightFromAnotherOrigin() throws Exception {
        HttpResponse response = send("OPTIONS", FLIGHTS, "Origin", OTHER_ORIGIN, "Access-Control-Request-Method", "GET");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.headers()).doesNotContainKey("Access-Control-Allow-Origin");
        assertThat(error(response)).contains(OTHER_ORIGIN);
    }

    @Test
    void shouldTagRequestMetricsByRouteTemplateNotByFlightId() throws Exception {
        get("/api/flights/42/seatmap", "X-Api-Key", ALICE_KEY);
        get("/");

        assertThat(metrics.get("search_http_requests").tags("route", "/api/flights/{flightId}/seatmap", "status", "200").timer().count())
                .isEqualTo(1);
        assertThat(metrics.get("search_http_requests").tags("route", "page", "status", "200").timer().count()).isEqualTo(1);
        assertThat(metrics.find("search_http_requests").tag("route", "/api/flights/42/seatmap").timer()).isNull();
    }
}
