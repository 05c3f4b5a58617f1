package dev.flightdeck.seats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.http.HttpLimits;
import dev.flightdeck.http.HttpListener;
import dev.flightdeck.http.HttpResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Asking other instances: all at once, under one deadline, naming the ones that did not answer. */
class PeersTest {

    private static final Duration DEADLINE = Duration.ofMillis(700);

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<HttpListener> listeners = new ArrayList<>();

    @AfterEach
    void stop() {
        release.countDown();
        listeners.forEach(HttpListener::close);
    }

    @Test
    void shouldAskEveryPeerAtOnceAndNameThoseThatMissedTheDeadline() throws Exception {
        HostInfo quick = peer(request -> HttpResponse.json(200, "{\"count\":0,\"flights\":[]}"));
        HostInfo alsoQuick = peer(request -> HttpResponse.json(200, "{\"count\":1,\"flights\":[]}"));
        HostInfo stuck = peer(request -> {
            release.await(30, TimeUnit.SECONDS);
            return HttpResponse.json(200, "{}");
        });
        HostInfo failing = peer(request -> HttpResponse.error(503, "restoring"));
        HostInfo gone = new HostInfo("127.0.0.1", closedPort());

        long begin = System.nanoTime();
        Peers.Gathered answers = new Peers(DEADLINE).askAll(List.of(quick, stuck, alsoQuick, failing, gone), "/flights?local=true", "req-1");
        Duration took = Duration.ofNanos(System.nanoTime() - begin);

        System.out.printf("5 peers asked at once (one stuck, one down): answered in %d ms, deadline %d ms%n", took.toMillis(), DEADLINE.toMillis());
        assertThat(answers.bodies()).containsOnlyKeys(Peers.address(quick), Peers.address(alsoQuick));
        assertThat(answers.missing()).containsExactlyInAnyOrder(Peers.address(stuck), Peers.address(failing) + " (answered 503)",
                Peers.address(gone));
        assertThat(took).as("one deadline for all, not one per peer").isLessThan(DEADLINE.multipliedBy(2));
    }

    @Test
    void shouldGiveUpOnOnePeerAtTheDeadlineAndPassTheRequestIdOn() throws Exception {
        List<String> ids = new ArrayList<>();
        HostInfo owner = peer(request -> {
            ids.add(request.requestId());
            return HttpResponse.json(200, "{\"flightId\":7}");
        });
        HostInfo stuck = peer(request -> {
            release.await(30, TimeUnit.SECONDS);
            return HttpResponse.json(200, "{}");
        });
        Peers peers = new Peers(DEADLINE);

        assertThat(peers.ask(owner, "/flights/7/availability", "req-7").body()).isEqualTo("{\"flightId\":7}");
        assertThat(ids).containsExactly("req-7");
        long begin = System.nanoTime();
        assertThat(peers.ask(stuck, "/flights/8/availability", "req-8")).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(DEADLINE.multipliedBy(2));
    }

    private HostInfo peer(dev.flightdeck.http.RequestHandler handler) throws IOException {
        HttpListener listener = HttpListener.start("peer", new InetSocketAddress("127.0.0.1", 0), HttpLimits.api(), handler);
        listeners.add(listener);
        return new HostInfo("127.0.0.1", listener.port());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
