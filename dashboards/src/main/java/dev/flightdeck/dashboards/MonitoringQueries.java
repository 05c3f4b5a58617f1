package dev.flightdeck.dashboards;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Every PromQL expression of a checkout's monitoring files: each alerting and recording rule of
 * {@code dashboards/prometheus/rules/*.yml} and each panel query of {@code dashboards/grafana/*.json},
 * with the dashboards' template variables filled in ({@link GrafanaDashboard#fillVariables}). For
 * tests that run them: promtool here, a live Prometheus in the integration tests.
 *
 * <pre>{@code
 * MonitoringQueries queries = MonitoringQueries.load(checkout);
 * for (MonitoringQueries.Query rule : queries.ruleQueries()) {
 *     for (String metric : MonitoringQueries.metricNames(rule.expr())) { ... }
 * }
 * }</pre>
 */
public final class MonitoringQueries {

    /**
     * A PromQL expression of the monitoring files, ready to run against Prometheus.
     *
     * @param source the file it comes from, relative to the checkout
     * @param name the rule ({@code CaptureStopped}, {@code flightdeck:freshness_seconds:p99{stage="redis"}}) or
     *     the panel query ({@code Flightdeck overview / Consumer lag per group [A]})
     * @param expr the expression; a dashboard's template variables filled in
     */
    public record Query(String source, String name, String expr) {

        @Override
        public String toString() {
            return source + ": " + name;
        }
    }

    private final List<PrometheusRule> rules;
    private final List<GrafanaDashboard> dashboards;

    private MonitoringQueries(List<PrometheusRule> rules, List<GrafanaDashboard> dashboards) {
        this.rules = rules;
        this.dashboards = dashboards;
    }

    /** Reads the rule files and dashboards under {@code checkout} (the folder holding {@code dashboards/}). */
    public static MonitoringQueries load(Path checkout) {
        Path root = checkout.toAbsolutePath().normalize();
        return new MonitoringQueries(PrometheusRuleFiles.rules(root), GrafanaDashboard.all(root));
    }

    /** Every rule's and then every panel query's expression. */
    public List<Query> all() {
        List<Query> all = new ArrayList<>(ruleQueries());
        all.addAll(dashboardQueries());
        return List.copyOf(all);
    }

    /** The expression of each alerting and recording rule. */
    public List<Query> ruleQueries() {
        return rules.stream().map(rule -> new Query(rule.file(), rule.qualifiedName(), rule.expr())).toList();
    }

    /** The expression of each panel query, template variables filled in. */
    public List<Query> dashboardQueries() {
        List<Query> queries = new ArrayList<>();
        for (GrafanaDashboard dashboard : dashboards) {
            for (GrafanaDashboard.Panel panel : dashboard.panels()) {
                for (GrafanaDashboard.Target target : panel.targets()) {
                    if (!target.expr().isBlank()) {
                        queries.add(new Query(dashboard.file(),
                                dashboard.title() + " / " + panel.title() + " [" + target.refId() + "]",
                                dashboard.fillVariables(target.expr())));
                    }
                }
            }
        }
        return List.copyOf(queries);
    }

    /**
     * What a live Prometheus has no series for, each as "source / name: expression": every panel
     * query must return a series, and every metric a rule reads must exist (the rule itself runs,
     * so it must parse, but a healthy deployment fires nothing). {@code seriesCount} runs an
     * instant query and fails on an expression Prometheus refuses; {@code applies} leaves out
     * what the deployment does not run.
     */
    public List<String> withoutSeries(ToIntFunction<String> seriesCount, Predicate<Query> applies) {
        List<String> empty = new ArrayList<>();
        for (Query panel : dashboardQueries()) {
            if (applies.test(panel) && seriesCount.applyAsInt(panel.expr()) == 0) {
                empty.add(panel.source() + " / " + panel.name() + ": " + panel.expr());
            }
        }
        for (Query rule : ruleQueries()) {
            if (!applies.test(rule)) {
                continue;
            }
            seriesCount.applyAsInt(rule.expr());
            for (String metric : metricNames(rule.expr())) {
                if (seriesCount.applyAsInt("count({__name__=\"" + metric + "\"})") == 0) {
                    empty.add(rule.source() + " / " + rule.name() + ": no series of " + metric);
                }
            }
        }
        return empty;
    }

    /** The rules as read, with their {@code for}, labels and annotations. */
    public List<PrometheusRule> rules() {
        return rules;
    }

    /** The dashboards as read. */
    public List<GrafanaDashboard> dashboards() {
        return dashboards;
    }

    /**
     * The metric selectors of an expression, each once, in order: the metric's name and its label
     * matchers, e.g. {@code up{job="connect"}} in {@code up{job="connect"} == 0}. Querying each on
     * its own shows whether the metric exists even when the whole expression (an alert) returns
     * nothing. Matchers on a state ({@code status="failed"}) match nothing in a healthy system:
     * {@link MetricSelector#keeping} drops them.
     */
    public static List<MetricSelector> metricSelectors(String expr) {
        return PromQlSelectors.of(expr);
    }

    /** The names of the metrics an expression reads, each once, in order. */
    public static List<String> metricNames(String expr) {
        return metricSelectors(expr).stream().map(MetricSelector::metric).filter(name -> !name.isEmpty()).distinct().toList();
    }
}
