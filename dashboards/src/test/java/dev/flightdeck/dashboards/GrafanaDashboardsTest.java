package dev.flightdeck.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The dashboards: complete panels, defined variables, the Prometheus datasource variable, provisioning. */
class GrafanaDashboardsTest {

    private final Path checkout = Checkout.root();
    private final List<GrafanaDashboard> dashboards = GrafanaDashboard.all(checkout);

    @Test
    void shouldGiveEveryDashboardAUniqueUidAndATitle() {
        assertThat(dashboards).isNotEmpty();
        Set<String> uids = new HashSet<>();
        for (GrafanaDashboard dashboard : dashboards) {
            assertThat(dashboard.uid()).as(dashboard.file() + " uid").isNotBlank();
            assertThat(uids.add(dashboard.uid())).as(dashboard.file() + " uid " + dashboard.uid() + " is unique").isTrue();
            assertThat(dashboard.title()).as(dashboard.file() + " title").isNotBlank();
        }
    }

    @Test
    void shouldGiveEveryPanelATitleADescriptionAndAQuery() {
        List<String> problems = new ArrayList<>();
        for (GrafanaDashboard dashboard : dashboards) {
            assertThat(dashboard.panels()).as(dashboard.file() + " panels").isNotEmpty();
            for (GrafanaDashboard.Panel panel : dashboard.panels()) {
                String where = dashboard.file() + " panel " + panel.id() + " '" + panel.title() + "': ";
                if (panel.title().isBlank()) {
                    problems.add(where + "no title");
                }
                if (panel.description().isBlank()) {
                    problems.add(where + "no description (say what question the panel answers)");
                }
                if (panel.targets().isEmpty() || panel.targets().stream().anyMatch(t -> t.expr().isBlank())) {
                    problems.add(where + "every panel needs a query, and every query an expr");
                }
                if (panel.targets().stream().map(GrafanaDashboard.Target::refId).filter(r -> !r.isBlank()).distinct().count()
                        != panel.targets().size()) {
                    problems.add(where + "every query needs a refId of its own");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldDefineEveryTemplateVariableItUses() {
        List<String> undefined = new ArrayList<>();
        for (GrafanaDashboard dashboard : dashboards) {
            for (GrafanaDashboard.Panel panel : dashboard.panels()) {
                for (GrafanaDashboard.Target target : panel.targets()) {
                    for (String name : GrafanaDashboard.variablesUsedIn(target.expr())) {
                        if (!dashboard.variables().containsKey(name)) {
                            undefined.add(dashboard.file() + " '" + panel.title() + "' uses $" + name);
                        }
                    }
                }
            }
        }
        assertThat(undefined).isEmpty();
    }

    @Test
    void shouldUseTemplateVariablesOnlyInRegexMatchers() {
        // A multi-value or "All" variable becomes a regular expression: with = it would match nothing.
        List<String> problems = new ArrayList<>();
        for (GrafanaDashboard dashboard : dashboards) {
            for (GrafanaDashboard.Panel panel : dashboard.panels()) {
                for (GrafanaDashboard.Target target : panel.targets()) {
                    for (MetricSelector selector : MonitoringQueries.metricSelectors(target.expr())) {
                        selector.matchers().stream()
                                .filter(m -> !GrafanaDashboard.variablesUsedIn(m.value()).isEmpty() && !m.isRegex())
                                .forEach(m -> problems.add(dashboard.file() + " '" + panel.title() + "': " + m + " needs =~"));
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldQueryThroughThePrometheusDatasourceVariable() throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (GrafanaDashboard dashboard : dashboards) {
            JsonNode root = json.readTree(checkout.resolve(dashboard.file()).toFile());
            assertThat(root.path("schemaVersion").asInt()).as(dashboard.file() + " schemaVersion").isEqualTo(39);
            assertThat(dashboard.variables().get("datasource")).as(dashboard.file() + " variable datasource")
                    .isEqualTo(new GrafanaDashboard.Variable("datasource", "datasource", "", "prometheus"));
            for (JsonNode panel : root.path("panels")) {
                assertThat(panel.path("datasource").path("uid").asText()).as(dashboard.file() + " " + panel.path("title"))
                        .isEqualTo("${datasource}");
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("datasource").path("uid").asText()).as(dashboard.file() + " " + panel.path("title"))
                            .isEqualTo("${datasource}");
                }
            }
        }
    }

    @Test
    void shouldProvisionPrometheusAndTheDashboardsForGrafana() {
        Path provisioning = checkout.resolve(GrafanaDashboard.DASHBOARDS_DIR).resolve("provisioning");
        JsonNode datasource = YamlFiles.read(provisioning.resolve("datasources/prometheus.yml"))
                .path("datasources").path(0);
        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");

        JsonNode provider = YamlFiles.read(provisioning.resolve("dashboards/flightdeck.yml"))
                .path("providers").path(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(provider.path("options").path("path").asText()).isNotBlank();
    }
}
