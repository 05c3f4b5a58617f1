package dev.flightdeck.streams.runtime;

import dev.flightdeck.clients.OptionsFile;
import dev.flightdeck.cdc.AvroLimits;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The command line of every app: {@code APP CONFIG_FILE [key=value ...]}, later arguments
 * overriding the file; {@code --help} or {@code -h} prints every option. Exit status: 0 after a
 * clean stop (SIGTERM or SIGINT: Kafka Streams closes and leaves its group first), 1 when the app
 * cannot start or Kafka Streams stops on its own (ERROR), 2 for a usage or configuration error.
 */
public final class StreamsAppCommand {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final Logger log = LoggerFactory.getLogger(StreamsAppCommand.class);

    private StreamsAppCommand() {
    }

    /**
     * Runs the app until it is stopped, then exits the JVM with the status above. Call it first in
     * main: it sets Avro's allocation limits ({@link AvroLimits}), which Avro reads once, before any
     * record is decoded.
     */
    public static <C extends StreamsAppConfig> void run(String app, ConfigDef options, Function<Map<?, ?>, C> config,
                                                       Function<? super C, ? extends StreamsApp> factory, String[] args) {
        AvroLimits.applyToThisJvm();
        System.exit(run(app, options, config, factory, args, System.out, System.err));
    }

    static <C extends StreamsAppConfig> int run(String app, ConfigDef options, Function<Map<?, ?>, C> config,
                                                Function<? super C, ? extends StreamsApp> factory, String[] args,
                                                PrintStream out, PrintStream err) {
        String usage = "Usage: " + app + " CONFIG_FILE [key=value ...]";
        if (args.length == 0) {
            err.println(usage + "\nRun with --help for every option.");
            return USAGE;
        }
        if (args[0].equals("--help") || args[0].equals("-h")) {
            out.println(usage + "\n\nOptions (in the file or as key=value):\n" + ConfigHelp.describe(options));
            return OK;
        }
        C settings;
        try {
            settings = config.apply(OptionsFile.load(java.util.List.of(args)));
        } catch (ConfigException | IllegalArgumentException | IOException e) {
            err.println(app + ": invalid configuration: " + e.getMessage() + "\nRun with --help for every option.");
            return USAGE;
        }
        StreamsApp running = factory.apply(settings);
        closeOnTermination(app, running);
        try {
            running.start();
        } catch (ConfigException e) {
            err.println(app + ": invalid configuration: " + e.getMessage() + "\nRun with --help for every option.");
            running.close();
            return USAGE;
        } catch (IOException | RuntimeException e) {
            if (running.closeRequested()) { // stopped while starting
                awaitStop(running);
                return OK;
            }
            if (e instanceof IllegalStateException || e instanceof IOException) {
                err.println(app + ": " + e.getMessage());
            } else {
                log.error("{}: cannot start", app, e);
                err.println(app + ": cannot start: " + e);
            }
            running.close();
            return FAILED;
        }
        if (awaitStop(running) == StreamsApp.Outcome.CLOSED) {
            return OK;
        }
        err.println(app + ": Kafka Streams stopped on its own (" + running.streams().state() + "); see the log above");
        running.close();
        return FAILED;
    }

    /** The main thread is interrupted only by a close during start-up (see {@link StreamsApp#start}); the wait goes on. */
    private static StreamsApp.Outcome awaitStop(StreamsApp running) {
        while (true) {
            try {
                return running.awaitStop();
            } catch (InterruptedException e) {
                // keep waiting: the close that interrupted start-up counts the app down when it is done
            }
        }
    }

    /**
     * SIGTERM and SIGINT close the app; {@link #run} then exits 0. Handled here rather than in a
     * shutdown hook, as the JVM exits 143 after a hook-handled SIGTERM whatever the hooks did.
     */
    private static void closeOnTermination(String app, StreamsApp running) {
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, app + "-shutdown"));
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    log.info("{}: SIG{} received; closing", app, signal.getName());
                    running.close();
                });
            } catch (IllegalArgumentException e) {
                log.warn("{}: cannot handle SIG{} ({}); the shutdown hook closes the app instead", app, name, e.getMessage());
            }
        }
    }
}
