package dev.flightdeck.connect.sink;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;

/**
 * The connectors' option reference as Markdown, rendered from their ConfigDefs, so the page says
 * what Connect validates and cannot drift from it. Build tooling, so it lives in the test-jar and
 * stays out of the plugins; the sinks' tests compare it with docs/reference/connector-options.md.
 */
public final class OptionReference {

    /** One connector of the reference: its heading, the class a config names, and its options. */
    public record Connector(String title, Class<?> connectorClass, ConfigDef options) {
    }

    private OptionReference() {
    }

    /** The whole page; {@code regenerate} is the command that writes it, quoted in the page's header. */
    public static String markdown(List<Connector> connectors, String regenerate) {
        StringBuilder page = new StringBuilder();
        page.append("# Connector options\n\n");
        page.append("<!-- Generated from the connectors' ConfigDefs; do not edit by hand. Regenerate with:\n");
        page.append("     ").append(regenerate).append(" -->\n\n");
        page.append("""
                The options of Flightdeck's Kafka Connect sinks, rendered from the `ConfigDef` each connector
                validates its configuration with: what this page says is what Connect's validate endpoint
                (`PUT /connector-plugins/{class}/config/validate`) checks. Connect's own options (`topics`,
                `errors.tolerance`, `errors.deadletterqueue.*`, converters) are Kafka's;
                `connect-configs/` shows them set for each sink.

                | Connector | `connector.class` |
                |---|---|
                """);
        for (Connector connector : connectors) {
            page.append("| [").append(connector.title()).append("](#").append(anchor(connector.title())).append(") | `")
                    .append(connector.connectorClass().getName()).append("` |\n");
        }
        for (Connector connector : connectors) {
            page.append("\n## ").append(connector.title()).append("\n\n`connector.class`: `")
                    .append(connector.connectorClass().getName()).append("`\n");
            byGroup(connector.options()).forEach((group, keys) -> {
                page.append("\n### ").append(group).append('\n');
                keys.forEach(key -> option(page, key));
            });
        }
        return page.toString();
    }

    /** The options by group, groups in the order they were defined, options by their order in the group. */
    private static Map<String, List<ConfigKey>> byGroup(ConfigDef def) {
        Map<String, List<ConfigKey>> groups = new LinkedHashMap<>();
        def.groups().forEach(group -> groups.put(group, new ArrayList<>()));
        for (ConfigKey key : def.configKeys().values()) {
            groups.computeIfAbsent(key.group == null ? "Other" : key.group, group -> new ArrayList<>()).add(key);
        }
        groups.values().forEach(keys -> keys.sort(Comparator.comparingInt((ConfigKey key) -> key.orderInGroup)
                .thenComparing(key -> key.name)));
        groups.values().removeIf(List::isEmpty);
        return groups;
    }

    private static void option(StringBuilder page, ConfigKey key) {
        page.append("\n#### `").append(key.name).append("`\n\n");
        page.append(key.documentation == null || key.documentation.isBlank() ? "*Not documented.*" : key.documentation.strip()).append("\n\n");
        page.append("| Display name | Type | Default | Valid values | Importance | Group |\n|---|---|---|---|---|---|\n");
        page.append("| ").append(cell(key.displayName == null || key.displayName.equals(key.name) ? "—" : key.displayName))
                .append(" | ").append(key.type.name().toLowerCase(Locale.ROOT))
                .append(" | ").append(defaultValue(key))
                .append(" | ").append(key.validator == null ? "any" : cell(key.validator.toString()))
                .append(" | ").append(key.importance.name().toLowerCase(Locale.ROOT))
                .append(" | ").append(cell(key.group == null ? "Other" : key.group))
                .append(" |\n");
    }

    private static String defaultValue(ConfigKey key) {
        if (!key.hasDefault()) {
            return "*required*";
        }
        if (key.defaultValue == null) {
            return "*not set*";
        }
        if (key.type == ConfigDef.Type.PASSWORD) {
            return "*hidden*";
        }
        String text = ConfigDef.convertToString(key.defaultValue, key.type);
        return text.isEmpty() ? "*empty*" : "`" + cell(text) + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /** GitHub's anchor of a heading: lower case, spaces as hyphens, punctuation dropped. */
    private static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
    }
}
