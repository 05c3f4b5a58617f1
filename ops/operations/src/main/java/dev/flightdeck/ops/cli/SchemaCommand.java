package dev.flightdeck.ops.cli;

import dev.flightdeck.clients.ClusterProfile.Service;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.clients.registry.RegistryClient;
import dev.flightdeck.database.DurationText;
import dev.flightdeck.ops.schema.CaptureRecovery;
import dev.flightdeck.ops.schema.DdlPreflight;
import dev.flightdeck.ops.schema.PendingRuleRestores;
import java.sql.Connection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "The schema registry's subjects and rules, and recovery when a DDL statement's new schema was refused and "
                + "capture of its table stopped.",
        subcommands = {SchemaCommand.Subjects.class, SchemaCommand.Check.class, SchemaCommand.Allow.class,
                SchemaCommand.RebuildHistory.class})
public final class SchemaCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Rules a schema allow killed midway left relaxed: restored before anything else, and said. */
    static void restoreUnfinishedAllows(ClusterProfile profile) {
        if (!profile.has(Service.SCHEMA_REGISTRY)) {
            return;
        }
        PendingRuleRestores.forThisUser().restore(profile.registry()).forEach(line -> System.out.println("flightdeck: " + line));
    }

    /** {@code schema} alone: its usage, as with any command group. */
    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    @Command(name = "subjects", mixinStandardHelpOptions = true,
            description = "Lists every subject with its versions and the compatibility rule that applies to it.")
    static final class Subjects implements Callable<Integer> {

        @Mixin
        ProfileOption profileOption;

        @Override
        public Integer call() {
            ClusterProfile profile = profileOption.profile();
            profile.requireReachable(Service.SCHEMA_REGISTRY);
            restoreUnfinishedAllows(profile);
            RegistryClient registry = profile.registry();
            String global = registry.globalCompatibility();
            List<RegistryClient.Subject> subjects = registry.subjects();
            System.out.printf(Locale.ROOT, "%-48s %8s  %s%n", "SUBJECT", "VERSIONS", "COMPATIBILITY");
            for (RegistryClient.Subject s : subjects) {
                System.out.printf(Locale.ROOT, "%-48s %8d  %s%n", s.name(), s.versions(),
                        s.ownRule() == null ? global + " (global)" : s.ownRule() + " (this subject)");
            }
            System.out.printf(Locale.ROOT, "%n%d subjects; global rule %s%n", subjects.size(), global);
            return 0;
        }
    }

    @Command(name = "allow", mixinStandardHelpOptions = true, description = {
            "Lets one breaking schema change through on one table's subject, then restores the rule: relaxes the subject's "
                    + "compatibility to NONE, restarts the failed capture task (or waits for you to run the DDL), waits until the "
                    + "new schema is registered and capture runs, and puts the rule back. Each step is checked.",
            "Use it after a CONNECTOR_FAILED alert for a refused schema, or before a DDL `schema check` refuses. Consumers "
                    + "must cope with the change (a new NOT NULL column without a default: old records lack it)."})
    static final class Allow implements Callable<Integer> {

        @Mixin
        ProfileOption profileOption;

        @Parameters(paramLabel = "TABLE", description = "The table (flights.passenger) or the subject (cdc.flights.passenger-value).")
        String table;

        @Option(names = "--timeout", defaultValue = "5m", paramLabel = "DURATION",
                description = "How long to wait for the new schema (default: ${DEFAULT-VALUE}); the rule is restored either way.")
        String timeout;

        @Override
        public Integer call() throws Exception {
            ClusterProfile profile = profileOption.profile();
            profile.requireReachable(Service.CONNECT, Service.SCHEMA_REGISTRY, Service.KAFKA);
            restoreUnfinishedAllows(profile);
            CaptureRecovery recovery = new CaptureRecovery(profile, System.out);
            if (!recovery.allow(table, DurationText.parse(timeout))) {
                System.out.println("No new schema was registered in time; nothing changed. Check flightdeck status and the Connect "
                        + "worker's log.");
                return 1;
            }
            System.out.println("Capture of " + table + " runs again; the changes since the DDL follow from where the task stopped "
                    + "(nothing is skipped).");
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = {
            "Predicts, before you run it, whether a DDL statement's new schema will be accepted by the registry's rules: "
                    + "Debezium's own DDL parser and schema builder make the table's next schema from its current definition and "
                    + "the running connector's settings; the registry's compatibility endpoint judges it. Nothing is changed.",
            "Exit status: 0 accepted, 1 refused (capture of the table would stop)."})
    static final class Check implements Callable<Integer> {

        @Mixin
        ProfileOption profileOption;

        @Parameters(paramLabel = "DDL", description = "The statement, quoted: \"ALTER TABLE passenger ADD loyalty_tier INT NOT NULL\"")
        String ddl;

        @Option(names = "--database", defaultValue = "flights", description = "The database the statement runs in (default: ${DEFAULT-VALUE}).")
        String database;

        @Override
        public Integer call() throws Exception {
            // Debezium's parser warns about every column without an explicit charset: not news to the person asking.
            System.setProperty("org.slf4j.simpleLogger.log.io.debezium", "error");
            ClusterProfile profile = profileOption.profile();
            profile.requireReachable(Service.CONNECT, Service.SCHEMA_REGISTRY, Service.MYSQL);
            restoreUnfinishedAllows(profile);
            CaptureRecovery recovery = new CaptureRecovery(profile, System.out);
            DdlPreflight.Verdict verdict;
            try (Connection db = profile.openMysql()) {
                verdict = new DdlPreflight(recovery.connectorSettings(recovery.debeziumConnector()), profile.registry())
                        .check(db, database, ddl);
            }
            System.out.println("DDL: " + verdict.ddl());
            if (verdict.tablesChanged().isEmpty()) {
                System.out.println("It changes no table Debezium knows in " + database + ": nothing new would be registered.");
                return 0;
            }
            System.out.println("Tables changed: " + String.join(", ", verdict.tablesChanged()));
            for (DdlPreflight.SubjectVerdict subject : verdict.subjects()) {
                String outcome = subject.newSubject() ? "accepted (a new subject: no earlier version to be compatible with)"
                        : subject.compatible() ? "accepted by the registry's rule"
                        : "REFUSED by the registry's rule: capture would stop at this statement (for every table the task captures)";
                System.out.printf("%n%s: %s%n", subject.subject(), outcome);
                subject.fieldChanges().forEach(change -> System.out.println("  change:  " + change));
                subject.registryMessages().forEach(message -> System.out.println("  registry: " + message));
                subject.advice().forEach(advice -> System.out.println("  instead: " + advice));
            }
            System.out.println(verdict.accepted() ? "\nSafe to run." : "\nDo not run it as it is (see 'instead' above).");
            return verdict.accepted() ? 0 : 1;
        }
    }

    @Command(name = "rebuild-history", mixinStandardHelpOptions = true, description = {
            "Rebuilds Debezium's schema history from the tables' current definitions, for a capture task that fails to start "
                    + "because its history cannot be read or parsed: deletes the history topic, restarts the connector once with "
                    + "snapshot.mode=recovery, waits until it runs with a new history, then puts its config back. Streaming resumes "
                    + "from the committed offset; no row is read again.",
            "Safe only when no DDL ran between the task's last committed position and now: the history is rebuilt with the "
                    + "current definitions, and changes still to be read must match them."})
    static final class RebuildHistory implements Callable<Integer> {

        @Mixin
        ProfileOption profileOption;

        @Option(names = "--timeout", defaultValue = "3m", paramLabel = "DURATION",
                description = "How long to wait for each restart (default: ${DEFAULT-VALUE}).")
        String timeout;

        @Override
        public Integer call() throws Exception {
            ClusterProfile profile = profileOption.profile();
            profile.requireReachable(Service.CONNECT, Service.KAFKA);
            restoreUnfinishedAllows(profile);
            String connector = new CaptureRecovery(profile, System.out).rebuildHistory(DurationText.parse(timeout));
            System.out.println(connector + " runs with a rebuilt schema history; streaming goes on from its committed offset.");
            return 0;
        }
    }
}
