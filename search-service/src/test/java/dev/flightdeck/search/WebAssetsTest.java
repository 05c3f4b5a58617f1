package dev.flightdeck.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flightdeck.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page, the OpenAPI document and the docs, served from the class path (Swagger UI from its webjar). */
class WebAssetsTest {

    /** A file a page loads from this service: src or href with a path, not a URL elsewhere. */
    private static final Pattern LOCAL_REFERENCE = Pattern.compile("(?:src|href)=\"(?!https?:|//|data:|mailto:|#)([^\"?#]+)");

    private final WebAssets assets = new WebAssets();

    private HttpResponse get(String path) {
        return assets.handle(TestRequests.get(path));
    }

    private static String text(HttpResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** The paths of the files a page at the root loads, relative ones resolved against "/". */
    private static List<String> localReferences(String html) {
        List<String> paths = new ArrayList<>();
        Matcher m = LOCAL_REFERENCE.matcher(html);
        while (m.find()) {
            String reference = m.group(1);
            paths.add(reference.startsWith("/") ? reference : "/" + reference.replaceFirst("^\\./", ""));
        }
        return paths;
    }

    @Test
    void shouldServeThePageAsHtml() {
        HttpResponse page = get("/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(text(page)).containsIgnoringCase("<html");
        assertThat(page.headers()).containsEntry("Cache-Control", "no-cache");
    }

    @Test
    void shouldServeThePageAsIndexHtmlToo() {
        assertThat(get("/index.html").body()).isEqualTo(get("/").body());
    }

    @Test
    void shouldServeThePagesScriptAndStyles() {
        assertThat(get("/app.js")).extracting(HttpResponse::status, HttpResponse::contentType)
                .containsExactly(200, "text/javascript; charset=utf-8");
        assertThat(get("/app.css")).extracting(HttpResponse::status, HttpResponse::contentType)
                .containsExactly(200, "text/css; charset=utf-8");
    }

    @Test
    void shouldServeEveryFileThePageLoads() {
        List<String> references = localReferences(text(get("/")));

        assertThat(references).isNotEmpty();
        for (String path : references) {
            assertThat(get(path).status()).as(path).isEqualTo(200);
        }
    }

    @Test
    void shouldServeTheOpenApiDocument() throws Exception {
        HttpResponse document = get(WebAssets.OPENAPI);

        assertThat(document.status()).isEqualTo(200);
        assertThat(document.contentType()).isEqualTo(HttpResponse.JSON);
        assertThat(new ObjectMapper().readTree(document.body()).path("openapi").asText()).isEqualTo("3.1.0");
    }

    @Test
    void shouldServeTheDocsPageOnSwaggerUi() {
        HttpResponse docs = get("/docs");

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.contentType()).startsWith("text/html");
        assertThat(text(docs)).contains("/docs/swagger-ui-bundle.js");
        assertThat(get("/docs/").body()).isEqualTo(docs.body());
    }

    @Test
    void shouldServeEveryFileTheDocsPageLoads() {
        List<String> references = localReferences(text(get("/docs")));

        assertThat(references).contains("/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css", "/docs/docs.js");
        for (String path : references) {
            assertThat(get(path).status()).as(path).isEqualTo(200);
        }
    }

    @Test
    void shouldPointSwaggerUiAtTheOpenApiDocument() {
        assertThat(text(get("/docs/docs.js"))).contains("'" + WebAssets.OPENAPI + "'");
    }

    @Test
    void shouldServeSwaggerUiFromItsWebjar() {
        HttpResponse bundle = get("/docs/swagger-ui-bundle.js");

        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.contentType()).isEqualTo("text/javascript; charset=utf-8");
        assertThat(text(bundle)).contains("SwaggerUIBundle");
        assertThat(get("/docs/swagger-ui.css").contentType()).isEqualTo("text/css; charset=utf-8");
    }

    @Test
    void shouldServeNoOtherWebjarFile() {
        assertThat(get("/docs/swagger-ui-es-bundle.js").status()).isEqualTo(404);
        assertThat(get("/docs/../openapi.json").status()).isEqualTo(404);
    }

    @Test
    void shouldAnswer404ForAnUnknownPath() throws Exception {
        HttpResponse response = get("/nope");

        assertThat(response.status()).isEqualTo(404);
        assertThat(new ObjectMapper().readTree(response.body()).path("error").asText()).contains("/nope");
    }

    @Test
    void shouldAnswerHead() {
        HttpResponse response = assets.handle(TestRequests.request("HEAD", WebAssets.OPENAPI, Map.of(), Map.of()));

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void shouldRefuseOtherMethods() {
        HttpResponse response = assets.handle(TestRequests.request("POST", "/", Map.of(), Map.of()));

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.headers()).containsEntry("Allow", "GET, HEAD");
    }
}
