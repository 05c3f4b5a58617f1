package dev.flightdeck.stack.process;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The {@code /health/ready} of a Flightdeck app's ops listener (the Streams apps, the search
 * service): 200 once the app can serve; otherwise its body says why not, and the check's failure
 * carries it.
 */
public final class ReadyEndpoint {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ReadyEndpoint() {
    }

    /** @param opsUrl the ops listener's base URL, e.g. {@code http://127.0.0.1:8190} */
    public static HealthCheck at(String opsUrl) {
        return url(opsUrl + "/health/ready");
    }

    /** Healthy once this URL answers 200 (Prometheus's and Alertmanager's {@code /-/ready}, an exporter's page). */
    public static HealthCheck url(String url) {
        URI ready = URI.create(url);
        return () -> {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("not ready yet (" + response.body() + ")");
            }
            return true;
        };
    }
}
