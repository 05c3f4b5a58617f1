package dev.flightdeck.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the {@link BookingSimulator} from the command line until stopped (Ctrl-C, SIGTERM) or for {@code --duration}. */
@Command(name = "booking-simulator", sortOptions = false,
        description = "Generates booking traffic against the flights MySQL database over JDBC, "
                + "optionally with injected faults. Logs progress every 5 s and a summary at the end.")
public final class SimulatorMain implements Callable<Integer> {

    public static final String PASSWORD_ENV = "FLIGHTDECK_MYSQL_APP_PASSWORD";

    @Option(names = "--jdbc-url", required = true, paramLabel = "URL",
            description = "MySQL JDBC URL, e.g. jdbc:mysql://127.0.0.1:3306/flights?sslMode=REQUIRED")
    String jdbcUrl;

    @Option(names = "--user", required = true, paramLabel = "USER", description = "MySQL user of the booking application")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "file holding the password (default: environment variable " + PASSWORD_ENV + ")")
    Path passwordFile;

    @Option(names = "--rate", defaultValue = "20", paramLabel = "TX_PER_S",
            description = "transactions per second over all threads, 0 = unthrottled (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "how long to run, e.g. 30s, 5m, 1h (default: until stopped)")
    Duration duration;

    @Option(names = "--threads", defaultValue = "4", paramLabel = "N", description = "concurrent sessions (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--seed", paramLabel = "SEED", description = "random seed (default: a random one, logged)")
    Long seed;

    @Option(names = "--batch-size", defaultValue = "1", paramLabel = "N",
            description = "operations per transaction, for peak-throughput runs (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--hold-ttl", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "how long a seat hold lasts unpaid (default: ${DEFAULT-VALUE})")
    Duration holdTtl;

    @Option(names = "--fault", paramLabel = "KIND", converter = FaultConverter.class,
            completionCandidates = FaultNames.class,
            description = "inject this fault once, a few seconds after start; repeatable. KIND: ${COMPLETION-CANDIDATES}")
    List<Fault> faults = new ArrayList<>();

    @Option(names = "--fault-interval", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "inject the --fault kinds again at this interval")
    Duration faultInterval;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    public static void main(String[] args) {
        configureLogging();
        System.exit(new CommandLine(new SimulatorMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        Logger log = LoggerFactory.getLogger(SimulatorMain.class);
        SimulatorConfig config;
        String password;
        try {
            config = config();
            password = password(System.getenv());
        } catch (IllegalArgumentException e) {
            log.error(e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        DataSource dataSource = FlightDatabase.dataSource(jdbcUrl, user, password);
        BookingSimulator simulator = new BookingSimulator(dataSource, config);
        try {
            simulator.start();
        } catch (FlightDatabaseException e) {
            log.error(e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        }
        Thread shutdown = new Thread(() -> {
            simulator.stop();
            try {
                simulator.awaitTermination(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "booking-simulator-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        while (!simulator.awaitTermination(Duration.ofMinutes(1))) {
            // Runs until --duration ends or a signal triggers the shutdown hook.
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdown);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is what stopped us; nothing to undo.
        }
        return CommandLine.ExitCode.OK;
    }

    SimulatorConfig config() {
        long chosenSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();
        return new SimulatorConfig(rate, duration, threads, chosenSeed, batchSize, holdTtl, faults,
                SimulatorConfig.DEFAULT_FAULT_DELAY, faultInterval, SimulatorConfig.DEFAULT_PROGRESS_INTERVAL);
    }

    String password(Map<String, String> environment) {
        if (passwordFile != null) {
            try {
                return Files.readString(passwordFile, StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read password file " + passwordFile + ": " + e);
            }
        }
        String password = environment.get(PASSWORD_ENV);
        if (password == null) {
            throw new IllegalArgumentException("no password for MySQL user " + user + ": set " + PASSWORD_ENV
                    + " or pass --password-file");
        }
        return password;
    }

    /** slf4j-simple settings for a command-line tool, unless the launcher passed its own with -D. */
    static void configureLogging() {
        Map.of("org.slf4j.simpleLogger.logFile", "System.out",
                "org.slf4j.simpleLogger.showDateTime", "true",
                "org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
                "org.slf4j.simpleLogger.showShortLogName", "true",
                "org.slf4j.simpleLogger.log.org.flywaydb", "warn"
        ).forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
    }

    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return DurationText.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class FaultConverter implements CommandLine.ITypeConverter<Fault> {
        @Override
        public Fault convert(String value) {
            try {
                return Fault.fromCliName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class FaultNames extends ArrayList<String> {
        FaultNames() {
            super(Arrays.stream(Fault.values()).map(Fault::cliName).toList());
        }
    }
}
