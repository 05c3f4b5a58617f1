package dev.flightdeck.bench;

import static dev.flightdeck.bench.BenchSupport.round;
import static dev.flightdeck.bench.BenchSupport.seconds;

import dev.flightdeck.ops.Progress;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * Requests at a steady rate whatever the pace of the answers (an open loop). Request n is due at
 * the start plus n periods and its latency counts from then, not from when it left: an answer
 * that holds up the requests behind it shows in their latency instead of slowing the load down
 * (coordinated omission). At most {@code maxInFlight} requests wait for an answer at once; one
 * due while that many wait is not sent and is counted, as is every answer other than 2xx or 304,
 * by its status.
 */
final class OpenLoop {

    /** One request: sends it, waits for the whole answer and returns its HTTP status. */
    interface Request {
        int send() throws Exception;
    }

    /**
     * One run at one rate: requests due, answered with 2xx or 304 per second (until the last
     * answer), their latency in ms from when each was due, those not sent because
     * {@code maxInFlight} were waiting, and the other answers by status (or exception).
     */
    record Step(String target, int ratePerSecond, int seconds, long due, double achievedPerSecond, Percentiles latency,
                long notSent, Map<String, Long> errors) {

        long failed() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The errors as "503 × 12, HttpTimeoutException × 1", or "none". */
        String errorList() {
            return errors.isEmpty() ? "none" : errors.entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s × %,d", e.getKey(), e.getValue())).collect(Collectors.joining(", "));
        }

        /** The line printed when the run ends. */
        String summary() {
            return String.format(Locale.ROOT, "%s at %d/s: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; achieved %,.0f/s; "
                            + "%,d not sent; errors: %s", target, ratePerSecond, latency.p50(), latency.p90(), latency.p99(),
                    latency.max(), achievedPerSecond, notSent, errorList());
        }
    }

    /** How long the requests still waiting when the schedule ends may take before they are counted as unanswered. */
    private static final long LAST_ANSWERS_SECONDS = 30;

    private final int maxInFlight;
    private final Progress console;

    OpenLoop(int maxInFlight, Progress console) {
        this.maxInFlight = maxInFlight;
        this.console = console;
    }

    /** {@code rate} requests a second for {@code seconds}; request n is {@code nth.apply(n)}. */
    Step run(String target, int rate, int seconds, LongFunction<Request> nth) throws InterruptedException {
        long total = (long) rate * seconds;
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        LatencyRecorder latency = LatencyRecorder.inMicros();
        Map<String, Long> errors = new ConcurrentHashMap<>();
        Semaphore waiting = new Semaphore(maxInFlight);
        AtomicLong next = new AtomicLong();
        AtomicLong notSent = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        AtomicLong lastAnswerNanos = new AtomicLong();
        CountDownLatch scheduled = new CountDownLatch(1);
        // One thread per request that may wait, started now: none is created while the clock runs.
        ThreadPoolExecutor senders = new ThreadPoolExecutor(maxInFlight, maxInFlight, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
        senders.prestartAllCoreThreads();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        try {
            // A tick that runs late (a pause of this JVM) is followed by the missed ones at once; each is still timed from when it was due.
            ticker.scheduleAtFixedRate(() -> {
                long n = next.getAndIncrement();
                if (n >= total) {
                    scheduled.countDown();
                    return;
                }
                long dueAt = start + n * period;
                if (!waiting.tryAcquire()) {
                    notSent.incrementAndGet();
                    return;
                }
                senders.execute(() -> {
                    try {
                        int status = nth.apply(n).send();
                        long tookNanos = System.nanoTime() - dueAt;
                        if (status / 100 == 2 || status == 304) {
                            latency.record(TimeUnit.NANOSECONDS.toMicros(tookNanos));
                        } else {
                            errors.merge(Integer.toString(status), 1L, Long::sum);
                        }
                    } catch (Exception e) {
                        errors.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                    } finally {
                        answered.incrementAndGet();
                        lastAnswerNanos.accumulateAndGet(System.nanoTime(), Math::max);
                        waiting.release();
                    }
                });
            }, 0, period, TimeUnit.NANOSECONDS);
            while (!scheduled.await(250, TimeUnit.MILLISECONDS)) {
                console.update(target, String.format(Locale.ROOT, "%d/s: %,d of %,d due, %,d answered, %d waiting, %,d not sent",
                        rate, Math.min(next.get(), total), total, answered.get(), maxInFlight - waiting.availablePermits(),
                        notSent.get()));
            }
            ticker.shutdownNow();
            if (!waiting.tryAcquire(maxInFlight, LAST_ANSWERS_SECONDS, TimeUnit.SECONDS)) {
                errors.merge("unanswered after " + LAST_ANSWERS_SECONDS + " s", (long) (maxInFlight - waiting.availablePermits()), Long::sum);
            }
            // Taken before the senders are interrupted: a request cut off below is already counted as unanswered.
            double took = seconds(Math.max(lastAnswerNanos.get(), start + period) - start);
            return new Step(target, rate, seconds, total, round(latency.samples() / took), latency.percentiles(), notSent.get(),
                    new TreeMap<>(errors));
        } finally {
            ticker.shutdownNow();
            senders.shutdownNow();
        }
    }
}
