package dev.flightdeck.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Booking traffic against the flights database, as the airline's booking front end makes it:
 * holds, confirmations, expiries (deletes), cancellations, seat and fare changes, passenger
 * edits and sign-ups, each in a short transaction of its own over JDBC, at a steady rate
 * shared by all threads. On request it injects faults (overbooking, booking burst, fare spike)
 * and reports exactly what they did.
 *
 * <p>Lifecycle: {@link #start()}, then {@link #stop()} or the configured duration ends;
 * {@link #awaitTermination} waits until in-flight transactions are done and the summary is
 * logged. The fault methods also work without {@code start()}.
 */
public final class BookingSimulator implements AutoCloseable {

    // Deadlocks and lock wait timeouts roll back a transaction; it is run again up to this often.
    private static final int TRANSACTION_ATTEMPTS = 3;
    private static final Duration RECONNECT_BACKOFF = Duration.ofSeconds(1);
    // Flights on sale and passenger ids are re-read this often.
    private static final Duration INVENTORY_REFRESH = Duration.ofMinutes(1);
    private static final Duration FAULT_RUNNER_GRACE = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(BookingSimulator.class);

    private final DataSource dataSource;
    private final SimulatorConfig config;
    private final Clock clock;
    private final SimulatorCounters counters = new SimulatorCounters();
    private final OperationMix mix = OperationMix.standard();
    private final PassengerGenerator people = PassengerGenerator.fromResources();
    private final SplittableRandom seeds;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicInteger runningWorkers = new AtomicInteger();
    private Inventory inventory;
    private FaultInjector faultInjector;
    private RateLimiter limiter;
    private ScheduledExecutorService ticker;
    private ScheduledExecutorService faultRunner;
    private volatile long startedNanos;
    private volatile long finishedNanos;
    private long lastProgressTransactions;
    private long lastProgressNanos;

    public BookingSimulator(DataSource dataSource, SimulatorConfig config) {
        this.dataSource = dataSource;
        this.config = config;
        this.clock = Clock.systemUTC();
        this.seeds = new SplittableRandom(config.seed());
    }

    /**
     * Checks the database, then starts the traffic threads, the progress log and any configured
     * faults. Returns at once.
     *
     * @throws FlightDatabaseException if the database cannot be reached, is not migrated or has
     *                                 no flights on sale
     */
    public synchronized void start() {
        if (ticker != null) {
            throw new IllegalStateException("the simulator was already started; create a new one to run again");
        }
        Inventory inventory = inventory();
        limiter = RateLimiter.perSecond(config.ratePerSecond());
        startedNanos = System.nanoTime();
        lastProgressNanos = startedNanos;
        log.info("booking simulator starting: {} on {} threads, batch {}, hold TTL {} s, {} flights on sale, seed {}{}",
                config.unthrottled() ? "unthrottled" : config.ratePerSecond() + " tx/s", config.threads(),
                config.batchSize(), config.holdTtl().toSeconds(), inventory.flightsOnSale(), config.seed(),
                config.duration() == null ? ", until stopped" : ", for " + config.duration().toSeconds() + " s");

        ticker = Executors.newSingleThreadScheduledExecutor(daemon("booking-simulator-ticker"));
        long progressNanos = config.progressInterval().toNanos();
        ticker.scheduleAtFixedRate(this::logProgress, progressNanos, progressNanos, TimeUnit.NANOSECONDS);
        ticker.scheduleWithFixedDelay(this::refreshInventory, INVENTORY_REFRESH.toNanos(), INVENTORY_REFRESH.toNanos(),
                TimeUnit.NANOSECONDS);
        if (config.duration() != null) {
            ticker.schedule(this::stop, config.duration().toNanos(), TimeUnit.NANOSECONDS);
        }
        faultRunner = Executors.newSingleThreadScheduledExecutor(daemon("booking-simulator-faults"));
        if (!config.faults().isEmpty()) {
            long delay = config.faultDelay().toNanos();
            if (config.faultInterval() == null) {
                faultRunner.schedule(this::injectConfiguredFaults, delay, TimeUnit.NANOSECONDS);
            } else {
                faultRunner.scheduleAtFixedRate(this::injectConfiguredFaults, delay, config.faultInterval().toNanos(),
                        TimeUnit.NANOSECONDS);
            }
        }
        runningWorkers.set(config.threads());
        for (int i = 0; i < config.threads(); i++) {
            RandomGenerator random = seeds.split();
            Thread worker = new Thread(() -> work(random), "booking-simulator-" + (i + 1));
            worker.start();
        }
    }

    /** Stops issuing transactions; those in flight finish. Returns at once; see {@link #awaitTermination}. */
    public void stop() {
        if (stopping.compareAndSet(false, true)) {
            stopSignal.countDown();
            log.info("booking simulator stopping");
            synchronized (this) {
                if (ticker == null) {
                    terminated.countDown();
                }
            }
        }
    }

    /** Waits until the simulator has stopped and logged its summary; false if the timeout passed first. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops and waits for the end (at most a minute). */
    @Override
    public void close() {
        stop();
        try {
            awaitTermination(FAULT_RUNNER_GRACE.plusSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public SimulatorStats stats() {
        long start = startedNanos;
        long end = finishedNanos != 0 ? finishedNanos : System.nanoTime();
        return counters.snapshot(start == 0 ? Duration.ZERO : Duration.ofNanos(end - start));
    }

    /** Confirms seatless bookings on one flight and cabin until it holds capacity + 5 % + 3. */
    public FaultReport.OverbookingAttempt injectOverbooking() {
        return (FaultReport.OverbookingAttempt) inject(Fault.OVERBOOKING);
    }

    /** 100–200 confirmed bookings on one flight within about three seconds; blocks meanwhile. */
    public FaultReport.BookingBurst injectBookingBurst() {
        return (FaultReport.BookingBurst) inject(Fault.BOOKING_BURST);
    }

    /** Triples one flight's base fare (not restored). */
    public FaultReport.FareSpike injectFareSpike() {
        return (FaultReport.FareSpike) inject(Fault.FARE_SPIKE);
    }

    /** Cancels 50–100 confirmed bookings of one route's flights within about three seconds; blocks meanwhile. */
    public FaultReport.CancellationBurst injectCancellationBurst() {
        return (FaultReport.CancellationBurst) inject(Fault.CANCELLATION_BURST);
    }

    /** Injects one fault now, on the calling thread, logs one line and returns what it did. */
    public FaultReport inject(Fault fault) {
        FaultInjector injector = faultInjector();
        try {
            FaultReport report = injector.inject(fault);
            counters.fault(report);
            log.info("fault injected: {}", report.describe());
            return report;
        } catch (SQLException e) {
            throw new FlightDatabaseException("injecting fault " + fault.cliName() + " failed: "
                    + FlightDatabase.reason(e), e);
        }
    }

    private synchronized Inventory inventory() {
        if (inventory == null) {
            try (Connection connection = FlightDatabase.open(dataSource)) {
                inventory = Inventory.load(connection, clock);
            } catch (SQLException e) {
                throw new FlightDatabaseException("cannot read the flights on sale from "
                        + FlightDatabase.describe(dataSource) + ": " + FlightDatabase.reason(e), e);
            }
        }
        return inventory;
    }

    private synchronized FaultInjector faultInjector() {
        if (faultInjector == null) {
            faultInjector = new FaultInjector(dataSource, inventory(), seeds.split(), new SplittableRandom(), clock,
                    stopping::get);
        }
        return faultInjector;
    }

    private void work(RandomGenerator random) {
        // Booking references, email tags and loyalty numbers must differ from earlier runs with
        // the same seed, so they come from an unseeded generator.
        RandomGenerator identifiers = new SplittableRandom();
        Connection connection = null;
        BookingFrontEnd frontEnd = null;
        try {
            while (!stopping.get()) {
                if (connection == null) {
                    connection = reconnect();
                    if (connection == null) {
                        waitForStop(RECONNECT_BACKOFF.toNanos());
                        continue;
                    }
                    frontEnd = new BookingFrontEnd(connection, inventory, people, config.holdTtl(), random,
                            identifiers);
                }
                long due = limiter.reserve();
                if (waitForStop(due - System.nanoTime())) {
                    break;
                }
                if (!runTransaction(connection, frontEnd, random)) {
                    FlightDatabase.closeQuietly(connection);
                    connection = null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("booking simulator thread {} failed unexpectedly", Thread.currentThread().getName(), e);
        } finally {
            if (connection != null) {
                FlightDatabase.closeQuietly(connection);
            }
            if (runningWorkers.decrementAndGet() == 0) {
                finish();
            }
        }
    }

    /** Runs one transaction of {@code batchSize} operations; false if the connection was lost. */
    private boolean runTransaction(Connection connection, BookingFrontEnd frontEnd, RandomGenerator random) {
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            TransactionTally tally = new TransactionTally();
            try {
                for (int i = 0; i < config.batchSize(); i++) {
                    frontEnd.perform(mix.next(random), tally);
                }
                connection.commit();
                tally.afterCommit.forEach(Runnable::run);
                counters.committed(tally, System.nanoTime() - started);
                return true;
            } catch (SQLException e) {
                rollbackQuietly(connection);
                String reason = SqlFailure.reason(e);
                if (SqlFailure.isRetryable(e) && attempt < TRANSACTION_ATTEMPTS) {
                    counters.retried(reason);
                    continue;
                }
                if (counters.failed(reason)) {
                    log.warn("booking transaction failed ({}): {}; counting further ones as '{}'", reason,
                            FlightDatabase.reason(e), reason);
                }
                return !SqlFailure.isConnectionLost(e);
            }
        }
    }

    private Connection reconnect() {
        try {
            Connection connection = FlightDatabase.open(dataSource);
            connection.setAutoCommit(false);
            // Short OLTP transactions: read committed avoids gap locks and the deadlocks they bring.
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            return connection;
        } catch (FlightDatabaseException | SQLException e) {
            if (counters.failed("connection-lost")) {
                log.warn("booking simulator cannot connect: {}; retrying every {} s", e.getMessage(),
                        RECONNECT_BACKOFF.toSeconds());
            }
            return null;
        }
    }

    /** Waits up to {@code nanos}; true if the simulator is stopping. */
    private boolean waitForStop(long nanos) throws InterruptedException {
        if (nanos <= 0) {
            return stopping.get();
        }
        return stopSignal.await(nanos, TimeUnit.NANOSECONDS);
    }

    private void injectConfiguredFaults() {
        for (Fault fault : config.faults()) {
            if (stopping.get()) {
                return;
            }
            try {
                inject(fault);
            } catch (RuntimeException e) {
                // A failed injection must not cancel the schedule of the next ones.
                counters.failed("fault-" + fault.cliName());
                log.warn("fault {} could not be injected: {}", fault.cliName(), e.getMessage());
            }
        }
    }

    private void refreshInventory() {
        try (Connection connection = FlightDatabase.open(dataSource)) {
            inventory.refresh(connection);
        } catch (FlightDatabaseException | SQLException e) {
            log.warn("could not refresh the flights on sale: {}", e.getMessage());
        }
    }

    private synchronized void logProgress() {
        long now = System.nanoTime();
        long transactions = counters.transactions();
        double recentRate = (transactions - lastProgressTransactions) * 1e9 / Math.max(1, now - lastProgressNanos);
        lastProgressTransactions = transactions;
        lastProgressNanos = now;
        log.info("booking simulator: {} (last {} s: {} tx/s)", stats().describe(),
                config.progressInterval().toSeconds(), String.format("%.1f", recentRate));
    }

    private void finish() {
        finishedNanos = System.nanoTime();
        ticker.shutdownNow();
        faultRunner.shutdown();
        try {
            if (!faultRunner.awaitTermination(FAULT_RUNNER_GRACE.toNanos(), TimeUnit.NANOSECONDS)) {
                log.warn("a fault injection was still running after {} s; left behind", FAULT_RUNNER_GRACE.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("booking simulator finished: {}", stats().describe());
        terminated.countDown();
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.debug("rollback failed: {}", FlightDatabase.reason(e));
        }
    }
}
