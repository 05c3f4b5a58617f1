package dev.flightdeck.ops.cli;

import dev.flightdeck.clients.ClusterProfile.Service;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.database.DurationText;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.ops.reconcile.DeploymentReadModels;
import dev.flightdeck.ops.reconcile.Reconciler;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = "Compares, for every flight, the truth in MySQL (SQL over bookings, flights and seat maps) with the "
                + "seat-availability store, the flight-availability topic, Redis and Elasticsearch: each one the profile names. "
                + "Prints a summary and the flights that differ; exits 1 on any drift.")
public final class ReconcileCommand implements Callable<Integer> {

    private static final int SHOWN_PER_MODEL = 20;

    @Mixin
    ProfileOption profileOption;

    @Option(names = "--settle", defaultValue = "60s", paramLabel = "DURATION",
            description = "How long a difference may last before it counts as drift: changes a moment old may not have "
                    + "reached every model yet (default: ${DEFAULT-VALUE}).")
    String settle;

    @Option(names = "--strict", description = "Ask for one read per model in which every flight agrees (for a deployment without "
            + "traffic); by default a flight is cleared by any read in which it agrees.")
    boolean strict;

    @Override
    public Integer call() throws Exception {
        Duration settleTime = DurationText.parse(settle);
        ClusterProfile profile = profileOption.profile();
        profile.requireReachable(Service.MYSQL);
        DeploymentReadModels deployment = DeploymentReadModels.of(profile);
        Progress progress = Progress.console(System.out);
        deployment.skipped().forEach(reason -> progress.note("skipped: " + reason));
        Reconciler.Report report = deployment.reconciler().run(settleTime, strict, progress);
        System.out.printf(Locale.ROOT, "%nReconciliation at %s: %,d flights in MySQL%n", report.at(), report.flights());
        System.out.printf(Locale.ROOT, "%-28s %10s %8s %6s %8s%n", "MODEL", "JUDGED", "DRIFT", "READS", "TOOK");
        for (Reconciler.Verdict v : report.verdicts()) {
            System.out.printf(Locale.ROOT, "%-28s %,10d %,8d %6d %7.1fs%n", v.model(), v.flightsJudged(), v.drift().size(), v.reads(),
                    v.took().toMillis() / 1000.0);
        }
        for (Reconciler.Verdict v : report.verdicts()) {
            if (!v.clean()) {
                System.out.printf(Locale.ROOT, "%n%s differs from MySQL on %,d flights%s:%n", v.model(), v.drift().size(),
                        v.drift().size() > SHOWN_PER_MODEL ? " (first " + SHOWN_PER_MODEL + ")" : "");
                v.drift().stream().limit(SHOWN_PER_MODEL).forEach(d -> System.out.printf("  flight %d: %s%n", d.flightId(), d.problem()));
            }
        }
        System.out.println(report.clean() ? "\nNo drift." : "\nDRIFT: the models above do not match MySQL.");
        return report.clean() ? 0 : 1;
    }
}
