package dev.flightdeck.http;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP listener (one port) of a Flightdeck service, on Jetty's core server, with its own
 * threads: a service runs its API and its health and metrics endpoints on two listeners, so that
 * load or slow clients on one cannot starve the other. Every listener has the same defences
 * ({@link HttpLimits}): Jetty reads requests without holding a thread, a bounded number of
 * connections and of requests waiting for a worker (then 503), a deadline for the request headers
 * and an idle timeout, size limits (413, 414, 431), query parameters checked and limited (400), and
 * every error as JSON with a request id and no exception text.
 */
public final class HttpListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpListener.class);
    /** Jetty's own threads besides the workers: an acceptor, a selector, and room for its I/O tasks. */
    private static final int JETTY_THREADS = 4;
    /** On close, requests in flight get this long to finish before their connections are cut. */
    private static final Duration STOP_GRACE = Duration.ofMillis(500);

    private final String name;
    private final Server server;
    private final ServerConnector connector;
    private final QoSHandler waitForWorker;
    private final NetworkConnectionLimit connections;

    private HttpListener(String name, Server server, ServerConnector connector, QoSHandler waitForWorker,
                         NetworkConnectionLimit connections) {
        this.name = name;
        this.server = server;
        this.connector = connector;
        this.waitForWorker = waitForWorker;
        this.connections = connections;
    }

    /**
     * Starts a listener.
     *
     * @param name    what it serves, for thread names and logs, e.g. "seat-availability API"
     * @param address where to listen; port 0 picks a free one (see {@link #port})
     * @throws BindException when the port is taken, saying which
     */
    public static HttpListener start(String name, InetSocketAddress address, HttpLimits limits, RequestHandler handler)
            throws IOException {
        int maxThreads = limits.workerThreads() + JETTY_THREADS;
        // Its job queue needs no bound of its own: it holds at most a job per connection with bytes to read,
        // and connections are limited; requests waiting for a worker are bounded by the QoS handler below.
        QueuedThreadPool threads = new QueuedThreadPool(maxThreads, Math.min(maxThreads, JETTY_THREADS + 1));
        threads.setName(name.replaceAll("\\W+", "-").toLowerCase(Locale.ROOT) + "-http");
        threads.setDaemon(true);
        Server server = new Server(threads);
        server.setStopTimeout(STOP_GRACE.toMillis());

        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setIdleTimeout(limits.idleTimeout().toMillis());
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        HeaderReadDeadline deadline = new HeaderReadDeadline(name, limits.headerReadTimeout(), server.getScheduler());
        http.addCustomizer(deadline);
        connector.addBean(deadline);
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.setAcceptQueueSize(limits.acceptQueue());
        connector.setReuseAddress(true);
        server.addConnector(connector);
        NetworkConnectionLimit connections = new NetworkConnectionLimit(limits.maxConnections(), connector);
        // At the limit, idle connections get no longer than a new one has to send its headers.
        connections.setEndPointIdleTimeout(limits.headerReadTimeout().toMillis());
        server.addBean(connections);

        QoSHandler waitForWorker = new QoSHandler(new ServiceHandler(name, limits, handler));
        waitForWorker.setMaxRequestCount(limits.workerThreads());
        waitForWorker.setMaxSuspendedRequestCount(limits.maxQueuedRequests());
        waitForWorker.setMaxSuspend(limits.maxQueueWait());
        SizeLimitHandler sizes = new SizeLimitHandler(limits.maxBodyBytes(), -1);
        sizes.setHandler(waitForWorker);
        server.setHandler(sizes);
        server.setErrorHandler(new JsonErrors(name, limits));

        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException) {
                    BindException taken = new BindException("port " + address.getPort() + " of " + address.getHostString()
                            + " is in use (or not an address of this machine)");
                    taken.initCause(e);
                    throw taken;
                }
            }
            throw new IOException("cannot start the " + name + " listener on " + address.getHostString() + ":" + address.getPort()
                    + ": " + e.getMessage(), e);
        }
        HttpListener listener = new HttpListener(name, server, connector, waitForWorker, connections);
        log.info("{} listening on {}:{}", name, address.getHostString(), listener.port());
        return listener;
    }

    /** The port it listens on (the one picked, when started with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** Requests waiting for a worker right now (a gauge worth watching: steadily above zero, the workers are too few). */
    public int waitingRequests() {
        return waitForWorker.getSuspendedRequestCount();
    }

    /** Connections open right now. */
    public int openConnections() {
        return connections.getNetworkConnectionCount();
    }

    @Override
    public void close() {
        stopQuietly(server);
        log.debug("{} closed", name);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (TimeoutException e) {
            log.debug("requests still in flight after {}; their connections were closed", STOP_GRACE);
        } catch (Exception e) {
            log.warn("stopping an HTTP listener failed: {}", e.toString());
        }
    }
}
