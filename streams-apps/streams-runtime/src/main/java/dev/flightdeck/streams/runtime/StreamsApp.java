package dev.flightdeck.streams.runtime;

import dev.flightdeck.http.HttpLimits;
import dev.flightdeck.http.HttpListener;
import dev.flightdeck.http.RequestHandler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Flightdeck Streams app, run the same way as every other: {@link #start} creates the topics
 * it owns (and its dead-letter topic), starts Kafka Streams with the production settings of
 * {@link StreamsAppConfig#streamsProperties}, replaces dying stream threads within the budget of
 * {@link ThreadReplacements}, serves the {@link OpsEndpoints} on the ops listener and the app's API,
 * if it has one, on a listener of its own (both {@link HttpListener}s). Dead letters are counted
 * per dead-letter topic ({@link DeadLetterBadRecords#DEAD_LETTERS_METRIC}) on {@code /metrics}.
 * An app says only what is its own: its topics, its topology, and optionally when it is ready,
 * its HTTP API and what runs beside Kafka Streams. {@link StreamsAppCommand} runs one as a process.
 */
public abstract class StreamsApp implements AutoCloseable {

    /** An app's HTTP API: its handler, where it listens, and the option that says so (for error messages). */
    public record Api(RequestHandler handler, InetSocketAddress listener, String listenerOption) {
    }

    /** How the app stopped: closed when asked, or failed because Kafka Streams stopped on its own. */
    enum Outcome { CLOSED, FAILED }

    private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);

    private final String name;
    private final StreamsAppConfig config;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Object lifecycle = new Object();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Outcome outcome;
    private volatile Thread starting;
    private volatile KafkaStreams streams;
    private HttpListener ops;
    private HttpListener api;

    protected StreamsApp(String name, StreamsAppConfig config) {
        this.name = name;
        this.config = config;
    }

    /** The topics the app publishes, created at start if they do not exist; the dead-letter topic is added to them. */
    protected abstract List<NewTopic> ownedTopics();

    /** The app's topology, wired with what it needs ({@link #meters()} among them). */
    protected abstract Topology topology();

    /** Whether this instance can serve; at least RUNNING. */
    protected boolean ready(KafkaStreams streams) {
        return streams.state() == State.RUNNING;
    }

    /** The app's own HTTP API, served on a listener of its own; empty: none. */
    protected Optional<Api> api(KafkaStreams streams) {
        return Optional.empty();
    }

    /** Called once Kafka Streams has started: starts what the app runs beside it. */
    protected void started() {
    }

    /** Called first when the app closes: stops what {@link #started} started. */
    protected void stopping() {
    }

    protected final MeterRegistry meters() {
        return metrics;
    }

    /** A topic the app owns, replicated as configured. */
    protected final NewTopic ownedTopic(String topic, Optional<Integer> partitions, Map<String, String> settings) {
        return new NewTopic(topic, partitions, config.replicationFactor()).configs(settings);
    }

    /**
     * Starts the app. A {@link #close} meanwhile (SIGTERM during start-up) interrupts the wait for
     * Kafka, waits for start to give up, then closes what it started.
     */
    public final void start() throws IOException {
        synchronized (lifecycle) {
            if (closing.get()) {
                throw new IllegalStateException(name + " was closed before it started");
            }
            starting = Thread.currentThread();
            try {
                List<NewTopic> topics = new ArrayList<>(ownedTopics());
                topics.add(ownedTopic(config.deadLetterTopic(), Optional.empty(),
                        Map.of("retention.ms", String.valueOf(StreamsAppConfig.DEAD_LETTER_RETENTION.toMillis()))));
                OwnedTopics.ensure(config.clientConfig(), topics);
                Properties settings = config.streamsProperties();
                settings.put(DeadLetterBadRecords.METER_REGISTRY_CONFIG, metrics);
                Topology topology = topology();
                // Live (CREATED) but not ready while the capture's first snapshot has yet to make the source
                // topics: a health check must not restart an app for waiting on its input. The app's own
                // readiness test is asked only once Kafka Streams has started, after api() set up what it reads.
                ops = listen("ops", config.opsListener(), StreamsAppConfig.OPS_LISTENER_CONFIG, HttpLimits.ops(), new OpsEndpoints(
                        () -> streams == null ? State.CREATED : streams.state(),
                        () -> streams != null && streams.state() != State.CREATED && ready(streams), metrics));
                SourceTopics.await(config.clientConfig(), SourceTopics.of(topology));
                KafkaStreams client = new KafkaStreams(topology, settings);
                streams = client; // from here on close() closes it, also when what follows fails
                bindMetrics(client);
                client.setStateListener(this::stateChanged);
                client.setUncaughtExceptionHandler(config.threadReplacements());
                Optional<Api> own = api(client);
                if (own.isPresent()) {
                    api = listen("API", own.get().listener(), own.get().listenerOption(), HttpLimits.api(), own.get().handler());
                }
                client.start();
                started();
            } finally {
                starting = null;
            }
        }
        log.info("{} started: application.id={}, ops endpoints on {}:{}{}, state in {}", name, config.applicationId(),
                config.opsListener().getHostString(), ops.port(), api == null ? "" : ", API on port " + api.port(),
                config.getString(StreamsAppConfig.STATE_DIR_CONFIG));
    }

    /** The port of the ops endpoints (0 in the config picks a free one). */
    public final int opsPort() {
        return ops.port();
    }

    /** The port of the app's API; empty when it has none. */
    public final Optional<Integer> apiPort() {
        return Optional.ofNullable(api).map(HttpListener::port);
    }

    /** Kafka Streams itself, for in-process users (tests, benchmarks). */
    public final KafkaStreams streams() {
        return streams;
    }

    /**
     * Closes what runs, leaving the consumer group so that the other instances take over now, not
     * after the session timeout. Safe to call more than once and from any thread.
     */
    @Override
    public final void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        Thread starter = starting;
        if (starter != null) {
            starter.interrupt();
        }
        try {
            synchronized (lifecycle) {
                stopping();
                if (api != null) {
                    api.close();
                }
                if (ops != null) {
                    ops.close();
                }
                if (streams != null) {
                    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                            .withTimeout(Duration.ofSeconds(30)));
                }
            }
        } finally {
            stopped(Outcome.CLOSED);
        }
    }

    /** Whether {@link #close} was called. */
    final boolean closeRequested() {
        return closing.get();
    }

    /** Waits until the app was closed, or Kafka Streams stopped on its own. */
    final Outcome awaitStop() throws InterruptedException {
        stopped.await();
        return outcome;
    }

    final void stateChanged(State now, State before) {
        log.info("{}: Kafka Streams {} -> {}", name, before, now);
        if (now == State.ERROR || now == State.NOT_RUNNING && !closing.get()) {
            log.error("{}: Kafka Streams stopped in state {}; the process stops", name, now);
            stopped(Outcome.FAILED);
        }
    }

    private synchronized void stopped(Outcome how) {
        if (outcome == null) {
            outcome = how;
        }
        stopped.countDown();
    }

    /** Starts an HTTP listener with its gauges; a port in use is an error that names the option to change. */
    private HttpListener listen(String role, InetSocketAddress address, String option, HttpLimits limits, RequestHandler handler)
            throws IOException {
        HttpListener listener;
        try {
            listener = HttpListener.start(name + " " + role, address, limits, handler);
        } catch (BindException e) {
            throw new IllegalStateException(e.getMessage() + "; set " + option + " to another host:port", e);
        }
        Gauge.builder("flightdeck.http.waiting.requests", listener, HttpListener::waitingRequests).tag("listener", role)
                .description("requests waiting for a worker thread").register(metrics);
        Gauge.builder("flightdeck.http.connections", listener, HttpListener::openConnections).tag("listener", role)
                .description("open connections").register(metrics);
        return listener;
    }

    /** Kafka Streams' own metrics (process rate and latency, lag, ...) and the JVM's. */
    private void bindMetrics(KafkaStreams client) {
        new KafkaStreamsMetrics(client).bindTo(metrics);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ClassLoaderMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
    }
}
