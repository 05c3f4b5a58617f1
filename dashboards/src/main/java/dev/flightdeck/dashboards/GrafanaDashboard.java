package dev.flightdeck.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Grafana dashboard as far as its queries go: its panels' Prometheus expressions and the
 * template variables they use.
 *
 * @param file the dashboard's JSON file, relative to the checkout
 * @param uid the dashboard's uid
 * @param title the dashboard's title
 * @param variables its template variables by name
 * @param panels every panel that shows data (rows left out, panels of collapsed rows included)
 */
public record GrafanaDashboard(String file, String uid, String title, Map<String, Variable> variables,
                               List<Panel> panels) {

    /** The folder of the dashboards, relative to the checkout. */
    public static final Path DASHBOARDS_DIR = Path.of("dashboards", "grafana");

    /**
     * What a variable stands for when an expression is run outside Grafana. Grafana's own:
     * rate intervals and ranges as Grafana would choose them for an hour on a 10 s scrape interval.
     */
    static final Map<String, String> BUILT_IN_VALUES = Map.of(
            "__rate_interval", "1m", "__interval", "1m", "__interval_ms", "60000",
            "__range", "1h", "__range_s", "3600", "__range_ms", "3600000");

    /** {@code $name}, {@code ${name}}, {@code ${name:format}}, {@code [[name]]}, {@code [[name:format]]}. */
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$\\{([A-Za-z_]\\w*)(?::[^}]*)?}|\\$([A-Za-z_]\\w*)|\\[\\[([A-Za-z_]\\w*)(?::[^]]*)?]]");

    private static final ObjectMapper JSON = new ObjectMapper();

    public GrafanaDashboard {
        variables = Map.copyOf(variables);
        panels = List.copyOf(panels);
    }

    /**
     * A template variable.
     *
     * @param name its name, as used in {@code $name}
     * @param type query, custom, constant, textbox, interval, datasource, ...
     * @param allValue what "All" stands for; empty when not set
     * @param query its query (for a constant or a text box: its value)
     */
    public record Variable(String name, String type, String allValue, String query) {

        /**
         * The value it takes in an expression run outside Grafana: for a list variable its "All"
         * value, else {@code .+}, which matches every value in the {@code =~} matchers these
         * dashboards use variables in.
         */
        public String fillValue() {
            return switch (type) {
                case "constant", "textbox" -> query;
                case "interval" -> "1m";
                default -> allValue.isEmpty() ? ".+" : allValue;
            };
        }
    }

    /**
     * A panel.
     *
     * @param id its id in the dashboard
     * @param type timeseries, stat, table, ...
     * @param title its title; empty when it has none
     * @param description its description; empty when it has none
     * @param targets its queries
     */
    public record Panel(int id, String type, String title, String description, List<Target> targets) {

        public Panel {
            targets = List.copyOf(targets);
        }
    }

    /**
     * A query of a panel.
     *
     * @param refId its letter in the panel (A, B, ...)
     * @param expr its PromQL expression, with the template variables as written; empty when it has none
     */
    public record Target(String refId, String expr) {
    }

    /** Every dashboard of a checkout: the {@code *.json} files directly in {@link #DASHBOARDS_DIR}, by name. */
    public static List<GrafanaDashboard> all(Path checkout) {
        Path dir = checkout.resolve(DASHBOARDS_DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted()
                    .map(f -> read(f, checkout.relativize(f).toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** One dashboard; {@code source} is how it is named in what it returns. */
    public static GrafanaDashboard read(Path file, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        Map<String, Variable> variables = new LinkedHashMap<>();
        for (JsonNode variable : root.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            String name = variable.path("name").asText();
            variables.put(name, new Variable(name, variable.path("type").asText(), variable.path("allValue").asText(""),
                    query.isObject() ? query.path("query").asText() : query.asText()));
        }
        List<Panel> panels = new ArrayList<>();
        addPanels(root.path("panels"), panels);
        return new GrafanaDashboard(source, root.path("uid").asText(), root.path("title").asText(), variables, panels);
    }

    private static void addPanels(JsonNode nodes, List<Panel> panels) {
        for (JsonNode panel : nodes) {
            if (panel.path("type").asText().equals("row")) {
                addPanels(panel.path("panels"), panels);
                continue;
            }
            List<Target> targets = new ArrayList<>();
            for (JsonNode target : panel.path("targets")) {
                targets.add(new Target(target.path("refId").asText(), target.path("expr").asText()));
            }
            panels.add(new Panel(panel.path("id").asInt(), panel.path("type").asText(), panel.path("title").asText(),
                    panel.path("description").asText(), targets));
        }
    }

    /** The names of the template variables an expression uses, Grafana's own ({@code $__…}) left out. */
    public static Set<String> variablesUsedIn(String expr) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(expr);
        while (m.find()) {
            String name = variableName(m);
            if (!name.startsWith("__")) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * The expression as Prometheus would get it: each variable of this dashboard replaced by its
     * {@link Variable#fillValue()}, Grafana's own by {@link #BUILT_IN_VALUES}. An unknown variable
     * is left as written (so that the expression no longer parses).
     */
    public String fillVariables(String expr) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = variableName(m);
            Variable variable = variables.get(name);
            String value = variable != null ? variable.fillValue() : BUILT_IN_VALUES.getOrDefault(name, m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    private static String variableName(Matcher m) {
        for (int group = 1; group <= 3; group++) {
            if (m.group(group) != null) {
                return m.group(group);
            }
        }
        throw new IllegalStateException("no variable in " + m.group());
    }
}
