package dev.flightdeck.ops.cli;

import dev.flightdeck.clients.ClusterProfile.Service;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.ops.alerts.AlertLine;
import dev.flightdeck.ops.alerts.AlertLog;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.avro.generic.GenericRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "Prints the alerts of the anomalies topic as readable lines: time, severity, type, flight/route/table, "
                + "observed vs expected, and why. --follow keeps printing new ones.")
public final class AlertsCommand implements Callable<Integer> {

    @Mixin
    ProfileOption profileOption;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new alerts until interrupted.")
    boolean follow;

    @Option(names = "--since", defaultValue = "24h", paramLabel = "WHEN",
            description = "From when: a duration back from now (30m, 24h, 7d) or a UTC time (2026-11-30T08:00:00Z); default: ${DEFAULT-VALUE}.")
    String since;

    @Option(names = "--topic", defaultValue = "anomalies", description = "The alerts topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Override
    public Integer call() {
        Instant from = AlertLog.since(since, Instant.now());
        ClusterProfile profile = profileOption.profile();
        profile.requireReachable(Service.KAFKA, Service.SCHEMA_REGISTRY);
        try (AlertLog log = new AlertLog(profile.kafkaClientConfig(), profile.registry().avroDecoder(), topic)) {
            int shown = log.backlog(from, AlertsCommand::print);
            if (shown == 0 && !follow) {
                System.out.println("No alerts since " + from + ".");
            }
            if (follow) {
                log.follow(AlertsCommand::print);
            }
        }
        return 0;
    }

    private static void print(GenericRecord alert) {
        System.out.println(AlertLine.format(alert));
        System.out.flush();
    }
}
