package dev.flightdeck.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule files, their unit tests and every dashboard query, through promtool. */
class PromtoolTest {

    private static final Pattern RECORD = Pattern.compile("dashboard:q\\d+");

    private final Path checkout = Checkout.root();

    @Test
    void shouldAcceptEveryRuleFile() {
        List<Path> files = PrometheusRuleFiles.files(checkout);
        assertThat(files).isNotEmpty();

        List<String> args = new ArrayList<>(List.of("check", "rules"));
        files.forEach(f -> args.add(f.toString()));
        Promtool.assertSucceeds(checkout, args);
    }

    @Test
    void shouldPassEveryRuleUnitTest() {
        List<Path> tests = PrometheusRuleFiles.testFiles(checkout);
        assertThat(tests).isNotEmpty();

        // Run from the tests' folder: their rule_files are relative to it.
        Path dir = tests.getFirst().getParent();
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        tests.forEach(f -> args.add(f.getFileName().toString()));
        Promtool.assertSucceeds(dir, args);
    }

    @Test
    void shouldParseEveryDashboardQuery(@TempDir Path temp) throws IOException {
        List<MonitoringQueries.Query> panels = MonitoringQueries.load(checkout).dashboardQueries();
        assertThat(panels).isNotEmpty();

        // promtool parses expressions only in rules: one recording rule per panel query.
        Map<String, String> panelsByRecord = new LinkedHashMap<>();
        List<Map<String, String>> rules = new ArrayList<>();
        for (MonitoringQueries.Query panel : panels) {
            String record = "dashboard:q" + panelsByRecord.size();
            panelsByRecord.put(record, panel.toString());
            rules.add(Map.of("record", record, "expr", panel.expr()));
        }
        Path file = temp.resolve("dashboard-queries.yml");
        new ObjectMapper(new YAMLFactory()).writeValue(file.toFile(),
                Map.of("groups", List.of(Map.of("name", "dashboard-queries", "rules", rules))));

        try {
            Promtool.assertSucceeds(temp, List.of("check", "rules", file.toString()));
        } catch (AssertionError e) {
            StringBuilder panelsNamed = new StringBuilder();
            Matcher record = RECORD.matcher(e.getMessage());
            while (record.find()) {
                panelsNamed.append("\n  ").append(record.group()).append(" is ").append(panelsByRecord.get(record.group()));
            }
            if (panelsNamed.isEmpty()) {
                throw e;
            }
            throw new AssertionError(e.getMessage() + "where" + panelsNamed, e);
        }
    }
}
