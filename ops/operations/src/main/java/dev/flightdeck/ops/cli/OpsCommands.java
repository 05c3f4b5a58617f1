package dev.flightdeck.ops.cli;

import java.util.List;

/** The operations a launcher mounts as its subcommands; each takes {@code --config FILE}. */
public final class OpsCommands {

    private OpsCommands() {
    }

    public static List<Class<?>> all() {
        return List.of(ReconcileCommand.class, AlertsCommand.class, SchemaCommand.class, ConnectorsCommand.class,
                TransactionsCommand.class, KafkaAccountsCommand.class);
    }
}
