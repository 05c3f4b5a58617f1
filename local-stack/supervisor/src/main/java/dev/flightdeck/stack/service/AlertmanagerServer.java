package dev.flightdeck.stack.service;

import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackException;
import dev.flightdeck.stack.process.HealthCheck;
import dev.flightdeck.stack.process.ReadyEndpoint;
import dev.flightdeck.stack.process.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Prometheus Alertmanager from Debian's package, with the repository's routing file
 * ({@code dashboards/alertmanager/alertmanager.yml}). It receives Prometheus's alerts and the
 * anomaly detector's (through the alertmanager sink connector). One instance: its gossip cluster
 * listener is turned off.
 */
public final class AlertmanagerServer extends LocalService {

    @Override
    public ServiceId id() {
        return ServiceId.ALERTMANAGER;
    }

    @Override
    public List<PortSpec> ports() {
        return List.of(new PortSpec("http", "--alertmanager-port"));
    }

    static Path configFile(StackContext ctx) {
        Path file = ctx.layout().dashboards().resolve("alertmanager").resolve("alertmanager.yml");
        if (!Files.isRegularFile(file)) {
            throw new StackException(file + " is missing: the checkout is incomplete");
        }
        return file;
    }

    @Override
    public ServiceProcess.Launch launch(StackContext ctx) {
        Path dir = ctx.serviceDir(id());
        List<String> command = List.of(SystemBinary.find("prometheus-alertmanager", "prometheus-alertmanager").toString(),
                "--config.file=" + configFile(ctx),
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + ctx.port(id(), "http"),
                "--web.external-url=" + ctx.endpoints().alertmanagerUrl(),
                "--cluster.listen-address=",
                "--log.format=json");
        return new ServiceProcess.Launch(command, Map.of(), dir, ctx.layout().logFile(id()));
    }

    @Override
    public HealthCheck health(StackContext ctx) {
        return ReadyEndpoint.url(ctx.endpoints().alertmanagerUrl() + "/-/ready");
    }
}
