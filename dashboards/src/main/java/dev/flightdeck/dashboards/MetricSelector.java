package dev.flightdeck.dashboards;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A metric selector of a PromQL expression: the metric's name and its label matchers, such as
 * {@code kafka_connect_task_status{status="failed"}}.
 *
 * @param metric the metric's name; empty for a selector without one ({@code {job="kafka"}})
 * @param matchers its label matchers as written ({@code __name__} ones included)
 */
public record MetricSelector(String metric, List<LabelMatcher> matchers) {

    public MetricSelector {
        matchers = List.copyOf(matchers);
    }

    /**
     * A label matcher.
     *
     * @param label the label's name
     * @param operator {@code =}, {@code !=}, {@code =~} or {@code !~}
     * @param value the value or regular expression, unquoted
     */
    public record LabelMatcher(String label, String operator, String value) {

        /** Whether the matcher is a regular expression ({@code =~}, {@code !~}). */
        public boolean isRegex() {
            return operator.endsWith("~");
        }

        @Override
        public String toString() {
            return label + operator + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
    }

    /** The same selector with only the metric's name and the matchers on the given labels. */
    public MetricSelector keeping(Collection<String> labels) {
        return new MetricSelector(metric, matchers.stream().filter(m -> labels.contains(m.label())).toList());
    }

    /** The selector as PromQL, to query on its own: {@code name{label="value", ...}}. */
    @Override
    public String toString() {
        if (matchers.isEmpty()) {
            return metric;
        }
        return metric + matchers.stream().map(LabelMatcher::toString).collect(Collectors.joining(", ", "{", "}"));
    }
}
