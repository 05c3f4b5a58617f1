package dev.flightdeck.ops.cli;

import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.ops.OpsException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --config FILE}: the cluster profile an operation runs against. Without it, the local
 * stack's own profile, when the command runs under a launcher that has one.
 */
public final class ProfileOption {

    /** What the root command of a launcher offers when no --config is given: the local stack's profile file. */
    public interface LocalProfile {
        Path localProfile();
    }

    @Option(names = "--config", paramLabel = "FILE",
            description = "Cluster profile: a properties file with bootstrap.servers, schema.registry.url, connect.url, "
                    + "mysql.jdbc.url, ... (see docs/operations.md). Default: the local stack's own.")
    Path config;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    public ClusterProfile profile() {
        if (config != null) {
            return ClusterProfile.load(config);
        }
        if (mixee != null && mixee.root().userObject() instanceof LocalProfile local) {
            Path file = local.localProfile();
            if (Files.isRegularFile(file)) {
                return ClusterProfile.load(file);
            }
            throw new OpsException("no --config FILE given, and no local stack has been started in " + file.getParent()
                    + ": start one with ./flightdeck up, or point --config at a cluster profile");
        }
        throw new OpsException("give the cluster profile with --config FILE");
    }
}
