package dev.flightdeck.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.dashboards.MetricSelector.LabelMatcher;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Loading the checkout's queries, filling template variables, and finding metric selectors. */
class MonitoringQueriesTest {

    private static MetricSelector selector(String metric, LabelMatcher... matchers) {
        return new MetricSelector(metric, List.of(matchers));
    }

    private static LabelMatcher matcher(String label, String operator, String value) {
        return new LabelMatcher(label, operator, value);
    }

    @Test
    void shouldReturnEveryRuleAndEveryPanelQueryOfTheCheckout() {
        MonitoringQueries queries = MonitoringQueries.load(Checkout.root());
        long targets = queries.dashboards().stream().flatMap(d -> d.panels().stream())
                .mapToLong(p -> p.targets().size()).sum();

        assertThat(queries.ruleQueries()).hasSize(queries.rules().size());
        assertThat(queries.dashboardQueries()).hasSize((int) targets);
        assertThat(queries.all()).hasSize(queries.ruleQueries().size() + queries.dashboardQueries().size());
        assertThat(queries.ruleQueries()).extracting(MonitoringQueries.Query::name)
                .contains("CaptureStopped", "flightdeck:freshness_seconds:p99{stage=\"redis\"}");
        assertThat(queries.ruleQueries()).filteredOn(q -> q.name().equals("CaptureStopped")).singleElement()
                .extracting(MonitoringQueries.Query::source).isEqualTo("dashboards/prometheus/rules/flightdeck-alerts.yml");
        assertThat(queries.dashboardQueries()).extracting(MonitoringQueries.Query::name)
                .contains("Flightdeck overview / Consumer lag per group [A]");
        assertThat(queries.dashboardQueries()).extracting(MonitoringQueries.Query::expr).noneMatch(expr -> expr.contains("$"));
    }

    @Test
    void shouldFillVariablesWithTheirAllValueAndGrafanasOwnWithAnHoursChoice() {
        GrafanaDashboard dashboard = new GrafanaDashboard("d.json", "d", "D", Map.of(
                "connector", new GrafanaDashboard.Variable("connector", "query", "", "label_values(x, connector)"),
                "topic", new GrafanaDashboard.Variable("topic", "custom", "cdc\\..+", "a,b"),
                "prefix", new GrafanaDashboard.Variable("prefix", "constant", "", "flightdeck")), List.of());

        assertThat(dashboard.fillVariables(
                "sum by (connector) (rate(x{connector=~\"$connector\", topic=~\"${topic:regex}\", p=~\"[[prefix]]\"}[$__rate_interval]))"
                        + " / increase(y[$__range])"))
                .isEqualTo("sum by (connector) (rate(x{connector=~\".+\", topic=~\"cdc\\..+\", p=~\"flightdeck\"}[1m])) / increase(y[1h])");
    }

    @Test
    void shouldLeaveReplacementGroupsAndUnknownVariablesAsWritten() {
        GrafanaDashboard dashboard = new GrafanaDashboard("d.json", "d", "D", Map.of(), List.of());
        String expr = "label_replace(up{job=~\"$job\"}, \"app\", \"$1\", \"job\", \"(.+)\")";

        assertThat(dashboard.fillVariables(expr)).isEqualTo(expr);
        assertThat(GrafanaDashboard.variablesUsedIn(expr + "[$__rate_interval]")).containsExactly("job");
    }

    @Test
    void shouldFindTheSelectorsAndMetricsOfAnAlert() {
        String expr = """
                kafka_connect_connector_status{connector=~"debezium-.+", status="failed"} == 1
                or kafka_connect_task_status{connector=~"debezium-.+", status="failed"} == 1
                or up{job="connect"} == 0 or up{job="kafka"} == 0
                """;

        assertThat(MonitoringQueries.metricNames(expr)).containsExactly("kafka_connect_connector_status", "kafka_connect_task_status", "up");
        assertThat(MonitoringQueries.metricSelectors(expr)).containsExactly(
                selector("kafka_connect_connector_status", matcher("connector", "=~", "debezium-.+"), matcher("status", "=", "failed")),
                selector("kafka_connect_task_status", matcher("connector", "=~", "debezium-.+"), matcher("status", "=", "failed")),
                selector("up", matcher("job", "=", "connect")),
                selector("up", matcher("job", "=", "kafka")));
    }

    @Test
    void shouldSkipFunctionsAggregationsLabelListsStringsAndDurations() {
        assertThat(MonitoringQueries.metricSelectors("""
                sum by (dlq) (
                  label_replace(
                      increase(kafka_server_broker_topic_messages_in_total{topic=~".+-dlq"}[5m]) > 0
                    or ((kafka_server_broker_topic_messages_in_total{topic=~".+-dlq"} > 0
                          unless kafka_server_broker_topic_messages_in_total{topic=~".+-dlq"} offset 5m)
                        and on (job, instance) (up offset 5m)),
                    "dlq", "$1", "topic", "(.+)")
                ) or max(rate(flightdeck_dead_letters_total[1m:10s])) without (topic) > bool 1e-3
                  or histogram_quantile(0.99, sum(rate(x_bucket[5m])) by (le)) * on () group_left vector(1)
                """)).containsExactly(
                selector("kafka_server_broker_topic_messages_in_total", matcher("topic", "=~", ".+-dlq")),
                selector("up"),
                selector("flightdeck_dead_letters_total"),
                selector("x_bucket"));
    }

    @Test
    void shouldReadSelectorsWithoutAMetricNameAndRecordedNames() {
        assertThat(MonitoringQueries.metricSelectors(
                "{__name__=\"up\", job!~'kafka|connect'} + flightdeck:freshness_seconds:p99{stage=\"redis\"} - ALERTS{alertstate=\"firing\"}"))
                .containsExactly(
                        selector("up", matcher("__name__", "=", "up"), matcher("job", "!~", "kafka|connect")),
                        selector("flightdeck:freshness_seconds:p99", matcher("stage", "=", "redis")),
                        selector("ALERTS", matcher("alertstate", "=", "firing")));
    }

    @Test
    void shouldWriteASelectorBackAsPromQlAndDropStateMatchers() {
        MetricSelector failed = selector("kafka_connect_task_status",
                matcher("connector", "=~", "debezium-.+"), matcher("status", "=", "failed"), matcher("path", "=", "a\"b\\c"));

        assertThat(failed).hasToString("kafka_connect_task_status{connector=~\"debezium-.+\", status=\"failed\", path=\"a\\\"b\\\\c\"}");
        assertThat(failed.keeping(List.of("connector"))).hasToString("kafka_connect_task_status{connector=~\"debezium-.+\"}");
    }

    @Test
    void shouldFindASelectorOfEveryQueryInTheCheckout() {
        assertThat(MonitoringQueries.load(Checkout.root()).all())
                .allSatisfy(query -> assertThat(MonitoringQueries.metricSelectors(query.expr())).as(query.toString()).isNotEmpty());
    }
}
