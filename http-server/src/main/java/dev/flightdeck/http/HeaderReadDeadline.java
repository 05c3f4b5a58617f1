package dev.flightdeck.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a new connection whose request headers are not complete within the deadline, however
 * steadily it trickles bytes (the idle timeout only catches clients that stop altogether). Jetty
 * holds no thread for such a client, but it holds a connection, of which there is a bounded number.
 * A connection counts as served once a request's headers are complete (the customizer runs then);
 * from there on, kept alive between requests, it is the idle timeout's.
 */
final class HeaderReadDeadline implements Connection.Listener, HttpConfiguration.Customizer {

    private static final Logger log = LoggerFactory.getLogger(HeaderReadDeadline.class);

    private final String listener;
    private final Duration timeout;
    private final Scheduler scheduler;
    private final Set<Connection> awaitingHeaders = ConcurrentHashMap.newKeySet();

    HeaderReadDeadline(String listener, Duration timeout, Scheduler scheduler) {
        this.listener = listener;
        this.timeout = timeout;
        this.scheduler = scheduler;
    }

    @Override
    public void onOpened(Connection connection) {
        awaitingHeaders.add(connection);
        scheduler.schedule(() -> {
            if (awaitingHeaders.remove(connection)) {
                log.debug("{}: {} sent no complete request headers within {}; closing it", listener,
                        connection.getEndPoint().getRemoteSocketAddress(), timeout);
                connection.getEndPoint().close();
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onClosed(Connection connection) {
        awaitingHeaders.remove(connection);
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        awaitingHeaders.remove(request.getConnectionMetaData().getConnection());
        return request;
    }
}
