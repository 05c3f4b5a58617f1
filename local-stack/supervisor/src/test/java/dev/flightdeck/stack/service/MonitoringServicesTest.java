package dev.flightdeck.stack.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.ops.Progress;
import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackLayout;
import dev.flightdeck.stack.StackOptions;
import dev.flightdeck.stack.StackSecrets;
import dev.flightdeck.stack.process.ServiceProcess;
import dev.flightdeck.stack.process.StackState;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prometheus's generated config and the exporters' launches, without starting them. */
class MonitoringServicesTest {

    private static final String MONITOR_PASSWORD = "Fd-monitor-secret";
    private static final String REDIS_PASSWORD = "Fd-redis-secret";

    @TempDir
    Path home;

    private StackLayout layout;
    private StackState state;
    private StackContext ctx;

    @BeforeEach
    void stack() {
        layout = new StackLayout(home, home.resolve(".flightdeck"));
        state = new StackState();
        state.service(ServiceId.MYSQL).ports.put("mysql", 40306);
        state.service(ServiceId.KAFKA).ports.putAll(Map.of("broker", 40092, "controller", 40093, "metrics", 40094));
        state.service(ServiceId.CONNECT).ports.putAll(Map.of("rest", 40083, "metrics", 40084));
        state.service(ServiceId.REDIS).ports.put("redis", 40379);
        state.service(ServiceId.REDIS_EXPORTER).ports.put("metrics", 40121);
        state.service(ServiceId.MYSQL_EXPORTER).ports.put("metrics", 40104);
        state.service(ServiceId.ALERTMANAGER).ports.put("http", 40193);
        state.service(ServiceId.PROMETHEUS).ports.put("http", 40190);
        StackSecrets secrets = StackSecrets.generated(Map.of("redis.monitor.password", REDIS_PASSWORD, "mysql.monitor.password", MONITOR_PASSWORD));
        ctx = new StackContext(layout, state, secrets, StackOptions.everything(),
                Progress.console(new PrintStream(PrintStream.nullOutputStream())));
    }

    @Test
    void shouldScrapeEveryServiceWithAMetricsPortAndSendAlertsToTheStacksAlertmanager() {
        String config = PrometheusServer.config(ctx);

        assertThat(config).contains("  - job_name: 'kafka'\n    metrics_path: '/metrics'\n    static_configs:\n      - targets: ['127.0.0.1:40094']");
        assertThat(config).contains("'127.0.0.1:40084'", "'127.0.0.1:40121'", "'127.0.0.1:40104'", "'127.0.0.1:40190'");
        assertThat(config).contains("alertmanagers:\n    - static_configs:\n        - targets: ['127.0.0.1:40193']");
        assertThat(config).contains("  - '" + home.resolve("dashboards/prometheus/rules") + "/*.yml'");
        // Services never started have no port yet, hence no target.
        assertThat(config).doesNotContain("job_name: 'seat-availability'", "job_name: 'elasticsearch'");
    }

    @Test
    void shouldGiveTheSinksFreshnessSeriesTheirHistogramNamesOnTheConnectJobOnly() {
        String config = PrometheusServer.config(ctx);

        String connect = config.substring(config.indexOf("job_name: 'connect'"), config.indexOf("job_name: 'redis'"));
        assertThat(connect).contains("regex: 'flightdeck_sink_commit_to_store_seconds_le'",
                "replacement: 'flightdeck_sink_commit_to_store_seconds_bucket'",
                "replacement: 'flightdeck_sink_commit_to_store_seconds_count'",
                "replacement: 'flightdeck_sink_commit_to_store_seconds_sum'");
        assertThat(config.indexOf("metric_relabel_configs")).isEqualTo(config.lastIndexOf("metric_relabel_configs"));
    }

    @Test
    void shouldWriteAConfigPrometheusItselfAccepts() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assertThat(promtool).as("promtool (apt-get install prometheus)").isExecutable();
        Files.createDirectories(home.resolve("dashboards/prometheus/rules"));
        Path file = home.resolve("prometheus.yml");
        Files.writeString(file, PrometheusServer.config(ctx));

        Process check = new ProcessBuilder(promtool.toString(), "check", "config", file.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
    }

    @Test
    void shouldScrapeTheSameJobsWithTheSameRenamesInTheComposeClusterAndPassPromtool() throws Exception {
        Path composeConfig = Path.of("../../compose/config/prometheus.yml").toAbsolutePath().normalize();
        String config = Files.readString(composeConfig);

        for (PrometheusServer.Job job : PrometheusServer.JOBS) {
            assertThat(config).as(composeConfig.toString()).contains("job_name: '" + job.name() + "'");
        }
        assertThat(config).contains(String.join("\n", PrometheusServer.sinkHistogramNames()));

        Path promtool = Path.of("/usr/bin/promtool");
        assertThat(promtool).as("promtool (apt-get install prometheus)").isExecutable();
        Process check = new ProcessBuilder(promtool.toString(), "check", "config", composeConfig.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
    }

    @Test
    void shouldGiveTheMysqlExporterItsPasswordInAPrivateFileNotOnItsCommandLine() throws Exception {
        ServiceProcess.Launch launch = new MetricsExporter.Mysql().launch(ctx);

        String command = String.join(" ", launch.command());
        assertThat(command).doesNotContain(MONITOR_PASSWORD).contains("--web.listen-address=127.0.0.1:40104");
        Path cnf = layout.serviceDir(ServiceId.MYSQL_EXPORTER).resolve("exporter.my.cnf");
        assertThat(command).contains("--config.my-cnf=" + cnf);
        assertThat(Files.readString(cnf)).contains("user=flightdeck_monitor", "password=" + MONITOR_PASSWORD, "port=40306");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cnf))).isEqualTo("rw-------");
    }

    @Test
    void shouldGiveTheRedisExporterThePasswordInItsEnvironmentOnly() {
        ServiceProcess.Launch launch = new MetricsExporter.Redis().launch(ctx);

        assertThat(String.join(" ", launch.command())).doesNotContain(REDIS_PASSWORD).contains("redis://127.0.0.1:40379")
                .contains("-redis.user flightdeck-monitor");
        assertThat(launch.environment()).containsEntry("REDIS_PASSWORD", REDIS_PASSWORD);
    }

    @Test
    void shouldRestartAnExporterWhoseStoreMovedAndNotOneWhoseStoreStayed() {
        MetricsExporter.Redis exporter = new MetricsExporter.Redis();
        exporter.launch(ctx);
        assertThat(exporter.outdated(ctx)).isNull();

        state.service(ServiceId.REDIS).ports.put("redis", 40380);
        assertThat(exporter.outdated(ctx)).isEqualTo("redis is now at redis://127.0.0.1:40380");
    }

    @Test
    void shouldRunAlertmanagerAsOneInstanceWithTheRepositorysRouting() throws Exception {
        Path routing = home.resolve("dashboards/alertmanager/alertmanager.yml");
        Files.createDirectories(routing.getParent());
        Files.writeString(routing, "route:\n  receiver: ops\nreceivers:\n  - name: ops\n");

        List<String> command = new AlertmanagerServer().launch(ctx).command();

        assertThat(command).contains("--config.file=" + routing, "--web.listen-address=127.0.0.1:40193", "--cluster.listen-address=");
    }
}
