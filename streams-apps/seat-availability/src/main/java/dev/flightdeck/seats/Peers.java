package dev.flightdeck.seats;

import dev.flightdeck.http.HttpRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The other instances of seat-availability, asked over their API: one of them for a flight it
 * owns, or all of them at once for their part of a search. Every question has one deadline, so a
 * peer that is slow or gone costs a request that long at most, and the answer says which peer it was.
 */
final class Peers {

    /** Marks a request passed on by a peer: it is answered from this instance's state, never passed on again. */
    static final String FORWARDED_HEADER = "X-Flightdeck-Forwarded";

    private static final Logger log = LoggerFactory.getLogger(Peers.class);

    /** What the peers asked answered: each one's body by its address, and the ones that did not answer 200 in time. */
    record Gathered(Map<String, String> bodies, List<String> missing) {
    }

    private final HttpClient http;
    private final Duration deadline;

    Peers(Duration deadline) {
        this.deadline = deadline;
        this.http = HttpClient.newBuilder().connectTimeout(deadline).build();
    }

    Duration deadline() {
        return deadline;
    }

    static String address(HostInfo peer) {
        return peer.host() + ":" + peer.port();
    }

    /**
     * GET {@code target} on one peer, within the deadline; tried a second time if the first attempt
     * fails at once (a pooled connection the peer had just closed). Null: no answer in time.
     */
    HttpResponse<String> ask(HostInfo peer, String target, String requestId) {
        long end = System.nanoTime() + deadline.toNanos();
        for (int attempt = 1; ; attempt++) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            try {
                return http.send(request(peer, target, requestId, Duration.ofNanos(left)), HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                log.warn("{} did not answer {} within {} (request id {})", address(peer), target, deadline, requestId);
                return null;
            } catch (IOException e) {
                if (attempt == 2) {
                    log.warn("asking {} for {} failed: {} (request id {})", address(peer), target, e.toString(), requestId);
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** GET {@code target} on every peer at once; waits for all of them, at most the deadline. */
    Gathered askAll(List<HostInfo> peers, String target, String requestId) {
        Map<String, CompletableFuture<HttpResponse<String>>> asked = new LinkedHashMap<>();
        for (HostInfo peer : peers) {
            asked.put(address(peer), http.sendAsync(request(peer, target, requestId, deadline), HttpResponse.BodyHandlers.ofString()));
        }
        try {
            CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new)).get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // each peer's own outcome is read below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<String, String> bodies = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        asked.forEach((peer, answer) -> {
            HttpResponse<String> response = answer.isDone() && !answer.isCompletedExceptionally() ? answer.join() : null;
            if (response != null && response.statusCode() == 200) {
                bodies.put(peer, response.body());
            } else {
                answer.cancel(true);
                missing.add(response == null ? peer : peer + " (answered " + response.statusCode() + ")");
            }
        });
        if (!missing.isEmpty()) {
            log.warn("no answer to {} from {} within {} (request id {})", target, missing, deadline, requestId);
        }
        return new Gathered(bodies, missing);
    }

    private static java.net.http.HttpRequest request(HostInfo peer, String target, String requestId, Duration timeout) {
        return java.net.http.HttpRequest.newBuilder(URI.create("http://" + address(peer) + target))
                .header(FORWARDED_HEADER, "true").header(HttpRequest.REQUEST_ID_HEADER, requestId).timeout(timeout).build();
    }
}
