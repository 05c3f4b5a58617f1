package dev.flightdeck.stack.service;

import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackException;
import dev.flightdeck.stack.process.HealthCheck;
import dev.flightdeck.stack.process.ReadyEndpoint;
import dev.flightdeck.stack.process.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prometheus from Debian's package: scrapes every service of the stack, evaluates the alert rules
 * of {@code dashboards/prometheus/rules/} and sends what fires to the stack's Alertmanager. Its
 * config is written from the stack's ports by every {@code up}; a changed one is loaded with
 * SIGHUP (the HTTP lifecycle API stays off, so nobody on the machine can stop it over HTTP).
 */
public final class PrometheusServer extends LocalService {

    /** A scrape job: the service, which of its ports serves the metrics, and the path. */
    record Job(String name, ServiceId service, String port, String path) {
    }

    static final List<Job> JOBS = List.of(
            new Job("kafka", ServiceId.KAFKA, "metrics", "/metrics"),
            new Job("schema-registry", ServiceId.SCHEMA_REGISTRY, "metrics", "/metrics"),
            new Job("connect", ServiceId.CONNECT, "metrics", "/metrics"),
            new Job("seat-availability", ServiceId.SEAT_AVAILABILITY, "ops", "/metrics"),
            new Job("anomaly-detector", ServiceId.ANOMALY_DETECTOR, "ops", "/metrics"),
            new Job("search-service", ServiceId.SEARCH_SERVICE, "ops", "/metrics"),
            new Job("lag-exporter", ServiceId.LAG_EXPORTER, "http", "/metrics"),
            new Job("mysql", ServiceId.MYSQL_EXPORTER, "metrics", "/metrics"),
            new Job("redis", ServiceId.REDIS_EXPORTER, "metrics", "/metrics"),
            new Job("elasticsearch", ServiceId.ELASTICSEARCH_EXPORTER, "metrics", "/metrics"),
            new Job("alertmanager", ServiceId.ALERTMANAGER, "http", "/metrics"),
            new Job("prometheus", ServiceId.PROMETHEUS, "http", "/metrics"));

    @Override
    public ServiceId id() {
        return ServiceId.PROMETHEUS;
    }

    @Override
    public List<PortSpec> ports() {
        return List.of(new PortSpec("http", "--prometheus-port"));
    }

    /** Every service it scrapes, so that each one's metrics port is known when its config is written. */
    @Override
    public List<ServiceId> launchesAfter() {
        return JOBS.stream().map(Job::service).filter(service -> service != id()).toList();
    }

    private static Path configFile(StackContext ctx) {
        return ctx.serviceDir(ServiceId.PROMETHEUS).resolve("prometheus.yml");
    }

    @Override
    public String prepare(StackContext ctx) throws IOException {
        Files.createDirectories(ctx.serviceDir(id()));
        Files.writeString(configFile(ctx), config(ctx));
        return "";
    }

    @Override
    public ServiceProcess.Launch launch(StackContext ctx) {
        Path dir = ctx.serviceDir(id());
        List<String> command = List.of(SystemBinary.find("prometheus", "prometheus").toString(),
                "--config.file=" + configFile(ctx),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--storage.tsdb.retention.time=7d",
                "--web.listen-address=127.0.0.1:" + ctx.port(id(), "http"),
                "--web.external-url=" + ctx.endpoints().prometheusUrl(),
                "--log.format=json");
        return new ServiceProcess.Launch(command, Map.of(), dir, ctx.layout().logFile(id()));
    }

    @Override
    public HealthCheck health(StackContext ctx) {
        return ReadyEndpoint.url(ctx.endpoints().prometheusUrl() + "/-/ready");
    }

    /** A service restarted on another port during this up: the new config is loaded without a restart. */
    @Override
    public String afterReady(StackContext ctx) throws IOException {
        String wanted = config(ctx);
        if (wanted.equals(Files.readString(configFile(ctx)))) {
            return "";
        }
        Files.writeString(configFile(ctx), wanted);
        Long pid = ctx.state().service(id()).pid;
        if (pid != null) {
            ProcessHandle.of(pid).ifPresent(p -> signalHangUp(pid));
        }
        return "scrape targets updated";
    }

    private static void signalHangUp(long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(pid)).redirectErrorStream(true).start();
            if (kill.waitFor() != 0) {
                throw new StackException("kill -HUP " + pid + " failed: " + new String(kill.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new StackException("cannot signal Prometheus (pid " + pid + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while signalling Prometheus", e);
        }
    }

    /** Every service with a metrics port in the stack's state is a target, running or not: a stopped one is {@code up == 0}. */
    static String config(StackContext ctx) {
        List<String> lines = new ArrayList<>(List.of(
                "# Written by flightdeck up from the stack's ports; edit dashboards/ instead.",
                "global:",
                "  scrape_interval: 10s",
                "  scrape_timeout: 5s",
                "  evaluation_interval: 10s",
                "  external_labels:",
                "    deployment: local",
                "rule_files:",
                "  - " + quote(ctx.layout().dashboards().resolve("prometheus/rules").toString() + "/*.yml")));
        Integer alertmanager = ctx.state().port(ServiceId.ALERTMANAGER, "http");
        if (alertmanager != null) {
            lines.addAll(List.of("alerting:", "  alertmanagers:", "    - static_configs:",
                    "        - targets: [" + quote("127.0.0.1:" + alertmanager) + "]"));
        }
        lines.add("scrape_configs:");
        for (Job job : JOBS) {
            Integer port = ctx.state().port(job.service(), job.port());
            if (port == null) {
                continue;
            }
            lines.addAll(List.of("  - job_name: " + quote(job.name()), "    metrics_path: " + quote(job.path()),
                    "    static_configs:", "      - targets: [" + quote("127.0.0.1:" + port) + "]"));
            if (job.service() == ServiceId.CONNECT) {
                lines.addAll(sinkHistogramNames());
            }
        }
        return String.join("\n", lines) + "\n";
    }

    /**
     * The JMX exporter agent will not emit the _bucket/_count/_sum suffixes of a histogram, so the
     * sinks' freshness histogram arrives under other names and gets its proper ones here.
     */
    static List<String> sinkHistogramNames() {
        List<String> lines = new ArrayList<>(List.of("    metric_relabel_configs:"));
        for (String[] rename : new String[][] {{"le", "bucket"}, {"observed", "count"}, {"summed", "sum"}}) {
            lines.addAll(List.of("      - source_labels: [__name__]",
                    "        regex: " + quote("flightdeck_sink_commit_to_store_seconds_" + rename[0]),
                    "        target_label: __name__",
                    "        replacement: " + quote("flightdeck_sink_commit_to_store_seconds_" + rename[1])));
        }
        return lines;
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
