package dev.flightdeck.stack.cli;

import dev.flightdeck.stack.LocalStack;
import java.util.List;

/**
 * The root command that mounts the local stack's commands: it knows which stack they act on
 * ({@code --data-dir}). {@link #commands()} lists them.
 */
public interface StackRoot {

    LocalStack stack();

    static List<Class<?>> commands() {
        return List.of(UpCommand.class, DownCommand.class, StatusCommand.class, LogsCommand.class, KillCommand.class,
                StopCommand.class, RotateCommand.class);
    }
}
