package dev.flightdeck.clients;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A TCP connect to each service before an operation starts, all at once and each bounded, so that
 * a wrong or dead address is named in seconds instead of surfacing as a client's retry loop.
 */
public final class Reachability {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private Reachability() {
    }

    /** Throws {@link UnreachableEndpointException} for the first endpoint none of whose hosts accepts a connection. */
    public static void require(List<Endpoint> endpoints, String source) {
        List<CompletableFuture<String>> checks = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            checks.add(CompletableFuture.supplyAsync(() -> problem(endpoint)));
        }
        for (int i = 0; i < endpoints.size(); i++) {
            String problem = checks.get(i).join();
            if (problem != null) {
                throw new UnreachableEndpointException(endpoints.get(i).describe(source) + " is unreachable: " + problem, null);
            }
        }
    }

    /** Null when some host of the endpoint accepts a TCP connection, else why the last one did not. */
    static String problem(Endpoint endpoint) {
        String last = null;
        for (Endpoint.HostPort host : endpoint.hosts()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host.host(), host.port()), (int) CONNECT_TIMEOUT.toMillis());
                return null;
            } catch (java.net.SocketTimeoutException e) {
                last = host + " did not answer within " + CONNECT_TIMEOUT.toSeconds() + " s";
            } catch (java.net.UnknownHostException e) {
                last = "unknown host " + host.host();
            } catch (IOException e) {
                last = host + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        }
        return last;
    }
}
