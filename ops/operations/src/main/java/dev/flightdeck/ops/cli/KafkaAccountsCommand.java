package dev.flightdeck.ops.cli;

import dev.flightdeck.clients.ClusterProfile.Service;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.clients.Secrets;
import dev.flightdeck.ops.OpsException;
import dev.flightdeck.ops.kafka.KafkaAccessPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Makes a cluster's Kafka accounts, as a deployment's setup does before any service starts: every
 * job's SCRAM user, its password read from a file, and the ACLs of {@link KafkaAccessPolicy}.
 * Run as the cluster's administrator (the profile's {@code kafka.} settings: a super user's client
 * certificate); running it again changes nothing but passwords that changed.
 */
@Command(name = "kafka-accounts", mixinStandardHelpOptions = true,
        description = "Makes or updates the SCRAM user of every Flightdeck job (flightdeck-JOB) and the ACLs each job needs "
                + "(docs/security.md), through the Admin API as the profile's Kafka user, which must be a super user.")
public final class KafkaAccountsCommand implements Callable<Integer> {

    @Mixin
    ProfileOption profileOption;

    @Option(names = "--password-dir", paramLabel = "DIR", required = true,
            description = "Where the passwords are: DIR/kafka_JOB_password for every job (a '-' in JOB written '_'), "
                    + "e.g. the mounted secrets in /run/secrets.")
    Path passwordDir;

    @Option(names = "--sink", paramLabel = "JOB=FILE", required = true,
            description = "A sink job and its connector file, whose topics it may read and whose dead-letter topic it may "
                    + "write; once per sink (redis-sink, elasticsearch-sink, alertmanager-sink).")
    Map<String, Path> sinks;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to retry while the cluster is not ready yet (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        for (String job : KafkaAccessPolicy.SINK_JOBS) {
            if (!sinks.containsKey(job)) {
                throw new OpsException("--sink " + job + "=FILE is missing: every sink's account needs its connector file");
            }
        }
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String job : KafkaAccessPolicy.JOBS) {
            passwords.put(job, readPassword(passwordDir.resolve("kafka_" + job.replace('-', '_') + "_password")));
        }
        var acls = KafkaAccessPolicy.acls(new LinkedHashMap<>(sinks));
        ClusterProfile profile = profileOption.profile();
        profile.requireReachable(Service.KAFKA);
        System.out.println(apply(profile, passwords, acls, Duration.ofSeconds(timeoutSeconds)));
        return 0;
    }

    private static String apply(ClusterProfile profile, Map<String, String> passwords, List<AclBinding> acls,
            Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long reported = 0;
        while (true) {
            try (Admin admin = profile.admin()) {
                return "kafka-accounts: " + KafkaAccessPolicy.apply(admin, passwords, acls);
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new OpsException("the Kafka accounts could not be made within " + timeout.toSeconds() + " s: " + e, e);
                }
                if (System.nanoTime() - reported > Duration.ofSeconds(10).toNanos()) {
                    System.out.println("kafka-accounts: the cluster is not ready yet (" + e.getMessage() + "); retrying");
                    reported = System.nanoTime();
                }
                Thread.sleep(2_000);
            }
        }
    }

    private static String readPassword(Path file) {
        String password = Secrets.readPrivateFile(file, "the Kafka password file");
        if (password.isEmpty()) {
            throw new OpsException(file + " is empty: every Kafka account needs a password");
        }
        return password;
    }
}
