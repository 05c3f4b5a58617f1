package dev.flightdeck.http;

import java.time.Duration;

/**
 * The bounds of one {@link HttpListener}: what it spends on clients (threads, connections, the
 * wait for a free thread) and what it accepts from them (sizes, time to send a request). Every
 * bound has a definite answer when exceeded: 503 with Retry-After, 413, 414, 431, 400, or the
 * connection closed.
 *
 * @param workerThreads       requests handled at the same time; each may block (a query, a call to a peer)
 * @param maxConnections      open connections; beyond it new ones wait in the operating system's accept queue
 * @param acceptQueue         that accept queue (the listen backlog); beyond it the system refuses connections
 * @param maxQueuedRequests   requests waiting for a worker, without holding a thread; beyond it 503 at once
 * @param maxQueueWait        how long a request may wait for a worker before it is answered 503
 * @param headerReadTimeout   time from connecting to the end of the request headers: a client that
 *                            trickles its request is disconnected, whatever its pace
 * @param idleTimeout         a connection with no bytes moving this long is closed
 * @param maxHeaderBytes      request line and headers together; a longer URI is 414, longer headers 431
 * @param maxBodyBytes        request body; larger is 413
 * @param maxQueryParameters  query parameters; more is 400 (each costs parsing and memory, none needs many)
 */
public record HttpLimits(int workerThreads, int maxConnections, int acceptQueue, int maxQueuedRequests, Duration maxQueueWait,
                         Duration headerReadTimeout, Duration idleTimeout, int maxHeaderBytes, long maxBodyBytes,
                         int maxQueryParameters) {

    public HttpLimits {
        if (workerThreads < 1 || maxConnections < 1 || acceptQueue < 1 || maxQueuedRequests < 0 || maxHeaderBytes < 1024
                || maxBodyBytes < 0 || maxQueryParameters < 0) {
            throw new IllegalArgumentException("HTTP limits out of range: " + this);
        }
        for (Duration d : new Duration[] {maxQueueWait, headerReadTimeout, idleTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("HTTP limits: durations must be positive: " + this);
            }
        }
    }

    /**
     * A service's API: 16 requests at a time, each allowed to block on a peer; connections are cheap
     * (no thread is held while a client sends), so 512 of them; 5 s to send a request's headers.
     */
    public static HttpLimits api() {
        return new HttpLimits(16, 512, 128, 512, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30),
                8 * 1024, 64 * 1024, 64);
    }

    /**
     * Health and metrics: answered from memory in microseconds, so 4 workers serve any number of
     * probes; as many connections as the API, so that slow clients here cannot crowd out the probe.
     */
    public static HttpLimits ops() {
        return new HttpLimits(4, 512, 128, 256, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30),
                8 * 1024, 4 * 1024, 16);
    }

    public HttpLimits withHeaderReadTimeout(Duration timeout) {
        return new HttpLimits(workerThreads, maxConnections, acceptQueue, maxQueuedRequests, maxQueueWait, timeout, idleTimeout,
                maxHeaderBytes, maxBodyBytes, maxQueryParameters);
    }
}
