package dev.flightdeck.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * The HTTP side the REST clients share: every call bounded in time, a failure to connect named as
 * the service and its address, and JSON bodies parsed the same way.
 */
public final class JsonHttp {

    public static final ObjectMapper JSON = new ObjectMapper();
    /**
     * TCP and the TLS handshake together: a cold JVM's first handshake on a machine busy with a
     * snapshot may take several seconds; a refused connection still fails at once.
     */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** A status and body, whatever the status: the caller decides what each means. */
    public record Response(int status, String body, String method, URI uri) {
        public boolean ok() {
            return status / 100 == 2;
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new EndpointException(method + " " + uri + " answered HTTP " + status + " with a body that is not JSON: "
                        + abbreviate(body), e);
            }
        }

        /**
         * This response when its status is {@code expected} (any 2xx when a 2xx is expected: servers
         * differ in 200 or 204), else an error naming the call and what the server said.
         */
        public Response expect(int expected, String what) {
            if (expected / 100 == 2 ? !ok() : status != expected) {
                String hint = status == 401 ? " (it asks for credentials: check the user and password the profile gives)" : "";
                throw new EndpointException(what + " failed: " + method + " " + uri + " answered HTTP " + status + hint + " "
                        + abbreviate(body));
            }
            return this;
        }
    }

    private final HttpClient http;
    private final String service;
    private final String baseUrl;
    private final Duration timeout;
    private final BasicCredentials credentials;

    /**
     * @param service what the base URL is, for messages ("Kafka Connect")
     * @param timeout the longest any one call may take
     */
    public JsonHttp(String service, String baseUrl, Duration timeout) {
        this(service, baseUrl, timeout, null);
    }

    /** The same, sending {@code credentials} (null: none) with every request. */
    public JsonHttp(String service, String baseUrl, Duration timeout, BasicCredentials credentials) {
        this(service, baseUrl, timeout, credentials, null);
    }

    /** The same, trusting for HTTPS what {@code tls} trusts (null: the JVM's default authorities). */
    public JsonHttp(String service, String baseUrl, Duration timeout, BasicCredentials credentials, SSLContext tls) {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
        if (tls != null) {
            client.sslContext(tls);
        }
        this.http = client.build();
        this.service = service;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.credentials = credentials;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    /** {@code body} is sent as JSON with {@code contentType} (null: application/json); a null body sends none. */
    public Response send(String method, String path, String body, String contentType) {
        URI uri = URI.create(baseUrl + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (credentials != null) {
            request.header("Authorization", credentials.authorizationHeader());
        }
        if (body != null) {
            request.header("Content-Type", contentType == null ? "application/json" : contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), method, uri);
        } catch (HttpConnectTimeoutException e) {
            throw new UnreachableEndpointException(service + " at " + baseUrl + " accepted no connection (TCP and TLS handshake) within "
                    + CONNECT_TIMEOUT.toSeconds() + " s", e);
        } catch (HttpTimeoutException e) {
            throw new UnreachableEndpointException(service + " at " + baseUrl + " did not answer " + method + " " + path + " within "
                    + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new UnreachableEndpointException(service + " at " + baseUrl + " is unreachable: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EndpointException("interrupted while calling " + service + " at " + baseUrl, e);
        }
    }

    static String abbreviate(String body) {
        String oneLine = body == null ? "" : body.replace('\n', ' ');
        return oneLine.length() <= 500 ? oneLine : oneLine.substring(0, 499) + "…";
    }
}
