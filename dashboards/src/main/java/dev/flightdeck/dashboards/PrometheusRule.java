package dev.flightdeck.dashboards;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * One rule of a Prometheus rule file: an alerting rule ({@code alert}) or a recording rule
 * ({@code record}).
 *
 * @param file the rule file, relative to the checkout
 * @param group the rule group's name
 * @param name the alert's name, or the recorded metric's name
 * @param alert whether this is an alerting rule
 * @param expr the PromQL expression
 * @param forDuration the alert's {@code for:} as written ({@code 30s}, {@code 0m}); null when absent
 * @param labels the labels the rule adds
 * @param annotations the alert's annotations (summary, description, runbook_url)
 */
public record PrometheusRule(String file, String group, String name, boolean alert, String expr, String forDuration,
                             Map<String, String> labels, Map<String, String> annotations) {

    public PrometheusRule {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** The name, and for a recording rule its labels, which tell apart rules that record the same metric. */
    public String qualifiedName() {
        if (alert || labels.isEmpty()) {
            return name;
        }
        return name + labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(label -> label.getKey() + "=\"" + label.getValue() + '"')
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
