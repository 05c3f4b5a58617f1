package dev.flightdeck.ops.cli;

import dev.flightdeck.clients.ClusterProfile.Service;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.ops.kafka.HangingTransactions;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "transactions", mixinStandardHelpOptions = true,
        description = {"Finds transactions a broker stop left open on a partition although their coordinator has ended them "
                + "(\"hanging\", KIP-664): every read_committed reader of such a partition waits for ever.",
                "With --abort, watches them for " + "30 s and aborts those still open and quiet, as kafka-transactions.sh abort "
                        + "would. Exit status 1 when hanging transactions remain."})
public final class TransactionsCommand implements Callable<Integer> {

    @Mixin
    ProfileOption profileOption;

    @Option(names = "--abort", description = "Abort the hanging transactions (after watching them; see above).")
    boolean abort;

    @Override
    public Integer call() throws Exception {
        ClusterProfile profile = profileOption.profile();
        profile.requireReachable(Service.KAFKA);
        try (Admin admin = profile.admin()) {
            if (abort) {
                String outcome = HangingTransactions.abortLeftOpen(admin, Progress.console(System.out), "transactions");
                System.out.println(outcome.isEmpty() ? "No hanging transactions." : outcome);
            }
            List<HangingTransactions.Open> open = HangingTransactions.find(admin).stream()
                    .filter(HangingTransactions.Open::quietLongEnough).toList();
            if (!abort) {
                open.forEach(o -> System.out.println("hanging: " + o));
                System.out.println(open.isEmpty() ? "No hanging transactions." : open.size() + " hanging; abort them with --abort");
            }
            return open.isEmpty() ? 0 : 1;
        }
    }
}
