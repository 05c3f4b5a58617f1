package dev.flightdeck.search;

import dev.flightdeck.http.HttpRequest;
import dev.flightdeck.http.HttpResponse;
import dev.flightdeck.http.RequestHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the service serves without a key: the web page and its assets, the OpenAPI document, and
 * the docs page (Swagger UI from its webjar, pointed at /openapi.json). All from the jar.
 */
final class WebAssets implements RequestHandler {

    static final String OPENAPI = "/openapi.json";
    private static final String WEB = "dev/flightdeck/search/web/";
    private static final Map<String, String> PAGES = Map.of(
            "/", WEB + "index.html", "/index.html", WEB + "index.html", "/app.js", WEB + "app.js", "/app.css", WEB + "app.css",
            "/docs", WEB + "docs.html", "/docs/", WEB + "docs.html", "/docs/docs.js", WEB + "docs.js",
            OPENAPI, "dev/flightdeck/search/openapi.json");
    /** Swagger UI's files that the docs page loads. */
    private static final java.util.Set<String> SWAGGER_FILES = java.util.Set.of("swagger-ui.css", "swagger-ui-bundle.js");

    private final String swaggerUi = "META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    @Override
    public HttpResponse handle(HttpRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return HttpResponse.error(405, request.method() + " is not supported here").withHeader("Allow", "GET, HEAD");
        }
        String resource = PAGES.get(request.path());
        if (resource == null && request.path().startsWith("/docs/") && SWAGGER_FILES.contains(request.path().substring(6))) {
            resource = swaggerUi + request.path().substring(6);
        }
        if (resource == null) {
            return HttpResponse.error(404, "nothing at " + FlightQuery.shorten(request.path())
                    + "; the page is at /, the API under /api (see /openapi.json, or /docs)");
        }
        byte[] body = cache.computeIfAbsent(resource, WebAssets::read);
        return new HttpResponse(200, type(resource), body, Map.of("Cache-Control", "no-cache"));
    }

    private static String type(String resource) {
        if (resource.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (resource.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (resource.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "application/json";
    }

    static byte[] read(String resource) {
        try (InputStream in = WebAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the search service's class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The webjar's version, from its own Maven metadata: the build pins it, the code does not repeat it. */
    private static String swaggerUiVersion() {
        Properties properties = new Properties();
        try (InputStream in = WebAssets.class.getClassLoader().getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the swagger-ui webjar is missing from the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }
}
