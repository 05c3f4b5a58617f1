package dev.flightdeck.ops.cli;

import dev.flightdeck.clients.ClusterProfile.Service;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.clients.JsonHttp;
import dev.flightdeck.ops.status.DeploymentStatus;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "connectors", mixinStandardHelpOptions = true, subcommands = RegisterConnectorsCommand.class,
        description = "Every connector and task of the Connect cluster with its state, why a failed one failed (in plain words: "
                + "a schema the registry refused names its table and the way out), and each consumer group's lag. "
                + "Exit status 1 when a connector or task has FAILED. 'connectors register FILE...' registers connector JSON files.")
public final class ConnectorsCommand implements Callable<Integer> {

    @Mixin
    ProfileOption profileOption;

    @Option(names = "--json", description = "One JSON document instead of the tables.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ClusterProfile profile = profileOption.profile();
        profile.requireReachable(Service.CONNECT);
        DeploymentStatus status = DeploymentStatus.read(profile);
        if (json) {
            System.out.println(JsonHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(status.toDocument()));
        } else {
            status.printConnectors(System.out, name -> List.of());
            status.printLag(System.out);
        }
        return status.connectors().values().stream().anyMatch(c -> c.failed()) ? 1 : 0;
    }
}
