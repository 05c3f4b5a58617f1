package dev.flightdeck.bench;

import static dev.flightdeck.bench.BenchSupport.connect;

import dev.flightdeck.ops.Progress;
import dev.flightdeck.clients.ClusterProfile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Booking changes as the booking system makes them: a hold (cabin Y, no seat yet), its
 * confirmation, later its cancellation. References start with 0 or 1, which the seed and the
 * simulator never use (their alphabet has no 0 or 1), so these never collide with theirs.
 */
final class BookingWorkload implements AutoCloseable {
    private static final String INSERT = """
            INSERT INTO booking (reference, flight_id, passenger_id, cabin, seat_no, status, fare, currency, hold_expires_at)
            VALUES (?, ?, ?, 'Y', NULL, 'HELD', 99.00, 'EUR', UTC_TIMESTAMP(3) + INTERVAL 1 HOUR)""";
    private final ClusterProfile endpoints;
    private final long[] flights;
    private final long firstPassenger;
    private final long lastPassenger;
    private final AtomicLong references = new AtomicLong();
    private final ConcurrentLinkedQueue<Long> held = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> confirmed = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Connection> connections = new ThreadLocal<>();
    private final List<Connection> opened = java.util.Collections.synchronizedList(new ArrayList<>());

    BookingWorkload(ClusterProfile endpoints) throws Exception {
        this.endpoints = endpoints;
        try (Connection db = connect(endpoints); Statement s = db.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT id FROM flight ORDER BY id")) {
                List<Long> ids = new ArrayList<>();
                while (r.next()) {
                    ids.add(r.getLong(1));
                }
                flights = ids.stream().mapToLong(Long::longValue).toArray();
            }
            try (ResultSet r = s.executeQuery("SELECT MIN(id), MAX(id) FROM passenger")) {
                r.next();
                firstPassenger = r.getLong(1);
                lastPassenger = r.getLong(2);
            }
        }
    }

    /** Holds in transactions of {@code perTransaction} rows. */
    void insertHolds(int count, int perTransaction, AtomicLong committed) throws Exception {
        SplittableRandom random = new SplittableRandom();
        try (Connection db = connect(endpoints); PreparedStatement insert = db.prepareStatement(INSERT)) {
            db.setAutoCommit(false);
            for (int i = 0; i < count; i++) {
                bindHold(insert, random);
                insert.addBatch();
                if ((i + 1) % perTransaction == 0 || i == count - 1) {
                    insert.executeBatch();
                    db.commit();
                    committed.addAndGet((i % perTransaction) + 1);
                }
            }
        }
    }

    /**
     * A burst of {@code changes} booking changes in multi-row transactions, as fast as MySQL takes
     * them: half new holds (four writers, 500 rows a transaction), then those holds confirmed (1,000 a
     * transaction). Returns the seconds it took to commit them all; {@code status} is shown meanwhile.
     */
    double burst(int changes, Progress console, String subject, java.util.function.LongFunction<String> status) throws Exception {
        long start = System.nanoTime();
        AtomicLong committed = new AtomicLong();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> inserts = new ArrayList<>();
            int holds = changes / 2;
            for (int w = 0; w < 4; w++) {
                int count = holds / 4 + (w < holds % 4 ? 1 : 0);
                inserts.add(writers.submit(() -> {
                    insertHolds(count, 500, committed);
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> insert : inserts) {
                while (!insert.isDone()) {
                    console.update(subject, status.apply(committed.get()));
                    TimeUnit.MILLISECONDS.sleep(250);
                }
                insert.get();
            }
            confirmHolds(changes - holds, 1000, committed);
        } finally {
            writers.shutdown();
        }
        return BenchSupport.seconds(System.nanoTime() - start);
    }

    /** Confirms this workload's holds in id order, an UPDATE of up to {@code perTransaction} ids at a time. */
    void confirmHolds(int count, int perTransaction, AtomicLong committed) throws Exception {
        try (Connection db = connect(endpoints); Statement s = db.createStatement();
             ResultSet range = s.executeQuery("SELECT MIN(id), MAX(id) FROM booking WHERE reference LIKE '0%' AND status = 'HELD'");
             PreparedStatement confirm = db.prepareStatement("""
                     UPDATE booking SET status = 'CONFIRMED', hold_expires_at = NULL
                     WHERE id BETWEEN ? AND ? AND status = 'HELD' AND reference LIKE '0%' ORDER BY id LIMIT ?""")) {
            range.next();
            long next = range.getLong(1);
            long last = range.getLong(2);
            int left = count;
            while (left > 0) {
                if (next > last) {
                    throw new IllegalStateException("no holds left to confirm; " + left + " confirmations short");
                }
                confirm.setLong(1, next);
                confirm.setLong(2, next + perTransaction - 1);
                confirm.setInt(3, left);
                int rows = confirm.executeUpdate(); // one statement, one transaction (autocommit)
                next += perTransaction;
                left -= rows;
                committed.addAndGet(rows);
            }
        }
    }

    /**
     * Commits up to {@code total} single-row changes at {@code rate} per second and returns the
     * rate achieved. A ticker hands each commit to a small pool, so one slow fsync delays one
     * change, not the schedule. When MySQL cannot keep up, the changes still queued when the
     * schedule ends are dropped: left to run, they would keep the stack busy for minutes into
     * whatever the benchmark measures next.
     */
    double drive(int rate, long total, long measureFromMillis, Progress console, Supplier<String> measured) throws Exception {
        return drive(rate, () -> total, () -> System.currentTimeMillis() < measureFromMillis, console, measured);
    }

    /**
     * As above, for a run whose length is decided while it runs: {@code total} may change until the
     * ticker reaches it (a warm-up that lasts until the pipeline keeps pace, then the measured seconds).
     */
    double drive(int rate, LongSupplier total, BooleanSupplier warmingUp, Progress console, Supplier<String> measured) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ThreadPoolExecutor writers = new ThreadPoolExecutor(8, 8, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
        AtomicLong scheduled = new AtomicLong();
        long start = System.nanoTime();
        try {
            CountDownLatch finished = new CountDownLatch(1);
            ticker.scheduleAtFixedRate(() -> {
                long n = scheduled.getAndIncrement();
                if (n >= total.getAsLong()) {
                    finished.countDown();
                    return;
                }
                writers.execute(() -> {
                    try {
                        nextChange(n);
                        done.incrementAndGet();
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                });
            }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
            while (!finished.await(250, TimeUnit.MILLISECONDS)) {
                if (failure.get() != null) {
                    throw new IllegalStateException("a booking change failed: " + failure.get().getMessage(), failure.get());
                }
                console.update("latency", String.format(Locale.ROOT, "%,d changes committed%s; %s", done.get(),
                        warmingUp.getAsBoolean() ? ", warming up" : "", measured.get()));
            }
        } finally {
            ticker.shutdownNow();
            int dropped = writers.getQueue().size();
            writers.getQueue().clear(); // not shutdownNow(): interrupting a commit in flight would break its connection
            writers.shutdown();
            writers.awaitTermination(30, TimeUnit.SECONDS);
            if (dropped > 0) {
                console.note(String.format(Locale.ROOT, "MySQL fell behind the schedule: %,d of %,d changes were never sent", dropped,
                        Math.min(scheduled.get(), total.getAsLong())));
            }
        }
        return done.get() / BenchSupport.seconds(System.nanoTime() - start);
    }

    /** One single-row commit of the steady mix: hold, confirm, cancel, in turn. */
    void nextChange(long n) throws Exception {
        Connection db = connections.get();
        if (db == null) {
            db = connect(endpoints);
            opened.add(db);
            connections.set(db);
        }
        Long booking = switch ((int) (n % 3)) {
            case 1 -> held.poll();
            case 2 -> confirmed.poll();
            default -> null;
        };
        if (booking == null) {
            try (PreparedStatement insert = db.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
                bindHold(insert, new SplittableRandom(n));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    held.add(keys.getLong(1));
                }
            }
        } else if (n % 3 == 1) {
            try (PreparedStatement confirm = db.prepareStatement(
                    "UPDATE booking SET status = 'CONFIRMED', hold_expires_at = NULL WHERE id = ?")) {
                confirm.setLong(1, booking);
                confirm.executeUpdate();
                confirmed.add(booking);
            }
        } else {
            try (PreparedStatement cancel = db.prepareStatement("UPDATE booking SET status = 'CANCELLED' WHERE id = ?")) {
                cancel.setLong(1, booking);
                cancel.executeUpdate();
            }
        }
    }

    private void bindHold(PreparedStatement insert, SplittableRandom random) throws Exception {
        insert.setString(1, "0" + String.format(Locale.ROOT, "%5s", Long.toString(references.getAndIncrement(), 36))
                .replace(' ', '0').toUpperCase(Locale.ROOT));
        insert.setLong(2, flights[random.nextInt(flights.length)]);
        insert.setLong(3, random.nextLong(firstPassenger, lastPassenger + 1));
    }

    @Override
    public void close() throws Exception {
        for (Connection db : opened) {
            db.close();
        }
    }
}
