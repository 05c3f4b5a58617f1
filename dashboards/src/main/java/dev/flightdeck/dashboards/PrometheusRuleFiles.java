package dev.flightdeck.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads Prometheus rule files ({@code groups: [{name, rules: [...]}]}). */
public final class PrometheusRuleFiles {

    /** The folder of the rule files Prometheus loads, relative to the checkout; their unit tests are in {@code tests/}. */
    public static final Path RULES_DIR = Path.of("dashboards", "prometheus", "rules");

    private PrometheusRuleFiles() {
    }

    /** The rule files of a checkout: every {@code *.yml} directly in {@link #RULES_DIR}, by name. */
    public static List<Path> files(Path checkout) {
        return yamlFiles(checkout.resolve(RULES_DIR));
    }

    /** The promtool unit-test files of a checkout: {@code tests/*.yml} under {@link #RULES_DIR}. */
    public static List<Path> testFiles(Path checkout) {
        return yamlFiles(checkout.resolve(RULES_DIR).resolve("tests"));
    }

    /** Every rule of every rule file of a checkout, in file order. */
    public static List<PrometheusRule> rules(Path checkout) {
        List<PrometheusRule> rules = new ArrayList<>();
        for (Path file : files(checkout)) {
            rules.addAll(read(file, checkout.relativize(file).toString()));
        }
        return rules;
    }

    /** The rules of one file; {@code source} is how the rules name it. */
    public static List<PrometheusRule> read(Path file, String source) {
        JsonNode root = YamlFiles.read(file);
        List<PrometheusRule> rules = new ArrayList<>();
        for (JsonNode group : root.path("groups")) {
            String groupName = group.path("name").asText();
            for (JsonNode rule : group.path("rules")) {
                boolean alert = rule.has("alert");
                String name = alert ? rule.path("alert").asText() : rule.path("record").asText();
                if (name.isEmpty()) {
                    throw new IllegalArgumentException(source + ": a rule of group " + groupName
                            + " has neither alert nor record");
                }
                rules.add(new PrometheusRule(source, groupName, name, alert, rule.path("expr").asText(),
                        rule.has("for") ? rule.get("for").asText() : null,
                        strings(rule.path("labels")), strings(rule.path("annotations"))));
            }
        }
        return rules;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue().asText()));
        return values;
    }

    private static List<Path> yamlFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yml") && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
