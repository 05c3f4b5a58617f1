package dev.flightdeck.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What every alert must carry, its runbook, and its unit tests. */
class AlertRulesTest {

    private static final Path MONITORING_DOC = Path.of("docs", "monitoring.md");
    private static final Pattern RUNBOOK_URL = Pattern.compile("docs/monitoring\\.md#([a-z0-9-]+)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$", Pattern.MULTILINE);

    private final Path checkout = Checkout.root();
    private final List<PrometheusRule> alerts = PrometheusRuleFiles.rules(checkout).stream()
            .filter(PrometheusRule::alert).toList();

    @Test
    void shouldGiveEveryAlertForSeveritySummaryDescriptionAndRunbook() {
        assertThat(alerts).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (PrometheusRule alert : alerts) {
            String where = alert.file() + " " + alert.name() + ": ";
            if (alert.forDuration() == null || !alert.forDuration().matches("\\d+[smh]")) {
                problems.add(where + "needs an explicit for: (0m when it should fire at once)");
            }
            if (!Set.of("critical", "warning").contains(alert.labels().getOrDefault("severity", ""))) {
                problems.add(where + "labels.severity must be critical or warning, not '"
                        + alert.labels().getOrDefault("severity", "") + "'");
            }
            if (!alert.annotations().getOrDefault("summary", "").contains("$labels.")) {
                problems.add(where + "annotations.summary must name what it is about with {{ $labels.… }}");
            }
            if (alert.annotations().getOrDefault("description", "").isBlank()) {
                problems.add(where + "annotations.description is missing");
            }
            if (!RUNBOOK_URL.matcher(alert.annotations().getOrDefault("runbook_url", "")).matches()) {
                problems.add(where + "annotations.runbook_url must be docs/monitoring.md#anchor");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldFindEveryRunbookSectionInTheMonitoringDoc() throws IOException {
        Set<String> anchors = anchors(Files.readString(checkout.resolve(MONITORING_DOC)));
        List<String> missing = new ArrayList<>();
        for (PrometheusRule alert : alerts) {
            Matcher url = RUNBOOK_URL.matcher(alert.annotations().getOrDefault("runbook_url", ""));
            if (url.matches() && !anchors.contains(url.group(1))) {
                missing.add(alert.name() + " → #" + url.group(1));
            }
        }
        assertThat(missing).as("runbook anchors without a heading in %s", MONITORING_DOC).isEmpty();
    }

    @Test
    void shouldNameEachAlertOnce() {
        Set<String> seen = new HashSet<>();
        assertThat(alerts).filteredOn(alert -> !seen.add(alert.name())).isEmpty();
    }

    @Test
    void shouldTestEveryAlertFiringAndQuiet() {
        Set<String> firing = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        for (Path file : PrometheusRuleFiles.testFiles(checkout)) {
            for (JsonNode test : YamlFiles.read(file).path("tests")) {
                for (JsonNode check : test.path("alert_rule_test")) {
                    String name = check.path("alertname").asText();
                    (check.path("exp_alerts").isEmpty() ? quiet : firing).add(name);
                }
            }
        }
        List<String> names = alerts.stream().map(PrometheusRule::name).toList();

        assertThat(names).as("alerts without a promtool case in which they fire").isSubsetOf(firing);
        assertThat(names).as("alerts without a promtool case in which they must not fire").isSubsetOf(quiet);
        // promtool passes a check on an alert that does not exist: a typo would test nothing.
        assertThat(firing).as("alert names in tests that no rule has").isSubsetOf(names);
        assertThat(quiet).as("alert names in tests that no rule has").isSubsetOf(names);
    }

    /** The anchors GitHub gives the headings of a Markdown document. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        boolean inCode = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (!inCode && heading.matches()) {
                anchors.add(heading.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}
