package dev.flightdeck.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /openapi.json against the routes the API has: every route documented, every documented route there. */
class OpenApiDocumentTest {

    private static final String DOCUMENT = "dev/flightdeck/search/openapi.json";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([A-Za-z]+)}");

    private static JsonNode openApi;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = OpenApiDocumentTest.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            assertThat(in).as(DOCUMENT + " on the class path").isNotNull();
            openApi = new ObjectMapper().readTree(in);
        }
    }

    private static Set<String> documentedPaths() {
        Set<String> paths = new HashSet<>();
        openApi.path("paths").fieldNames().forEachRemaining(paths::add);
        return paths;
    }

    /** Each documented operation as "METHOD path" with its node. */
    private static Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new LinkedHashMap<>();
        openApi.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            if (METHODS.contains(method.getKey())) {
                operations.put(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), method.getValue());
            }
        }));
        return operations;
    }

    @Test
    void shouldBeOpenApi31() {
        assertThat(openApi.path("openapi").asText()).isEqualTo("3.1.0");
    }

    @Test
    void shouldDocumentEveryRouteAndNoOther() {
        Set<String> routes = SearchApi.ROUTES.stream().map(Route::template).collect(Collectors.toSet());

        assertThat(documentedPaths()).isEqualTo(routes);
    }

    @Test
    void shouldRouteEveryDocumentedPathToItsTemplate() {
        for (String template : documentedPaths()) {
            String filled = PATH_PARAMETER.matcher(template).replaceAll("42");

            assertThat(SearchApi.routeOf(filled)).as(filled).isEqualTo(template);
        }
    }

    @Test
    void shouldDeclareEachPathParameterOfATemplate() {
        operations().forEach((name, operation) -> {
            String template = name.substring(name.indexOf(' ') + 1);
            List<String> inTemplate = new ArrayList<>();
            Matcher m = PATH_PARAMETER.matcher(template);
            while (m.find()) {
                inTemplate.add(m.group(1));
            }
            List<String> declared = new ArrayList<>();
            operation.path("parameters").forEach(p -> {
                if (p.path("in").asText().equals("path")) {
                    declared.add(p.path("name").asText());
                    assertThat(p.path("required").asBoolean()).as(name + " " + p.path("name").asText() + " required").isTrue();
                }
            });
            assertThat(declared).as(name).containsExactlyInAnyOrderElementsOf(inTemplate);
        });
    }

    @Test
    void shouldDescribeEveryOperation() {
        assertThat(operations()).isNotEmpty();
        operations().forEach((name, operation) -> {
            assertThat(operation.path("operationId").asText()).as(name + " operationId").isNotBlank();
            assertThat(operation.path("summary").asText()).as(name + " summary").isNotBlank();
            assertThat(operation.path("responses").has("200")).as(name + " answers 200").isTrue();
            assertThat(operation.path("responses").has("401")).as(name + " answers 401").isTrue();
        });
    }

    @Test
    void shouldGiveEachOperationItsOwnId() {
        List<String> ids = operations().values().stream().map(o -> o.path("operationId").asText()).toList();

        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void shouldResolveEveryReferenceUnderComponents() {
        List<String> refs = new ArrayList<>();
        collectRefs(openApi, refs);

        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/components/");
            assertThat(openApi.at(ref.substring(1)).isMissingNode()).as(ref + " resolves").isFalse();
        }
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("$ref")) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectRefs(element, refs));
        }
    }

    @Test
    void shouldDefineTheSecuritySchemesItRequires() {
        openApi.path("security").forEach(requirement -> requirement.fieldNames().forEachRemaining(scheme ->
                assertThat(openApi.path("components").path("securitySchemes").has(scheme)).as(scheme).isTrue()));
        assertThat(openApi.at("/components/securitySchemes/apiKey/name").asText()).isEqualTo(Gateway.API_KEY_HEADER);
    }
}
