package dev.flightdeck.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 50 clients that send half a request and wait, on the API listener and on the ops listener, while
 * the health endpoint and the API are asked as usual: both keep answering, the health endpoint
 * within the 2 s a liveness probe allows. Latencies with and without the slow clients, measured in
 * the same run, are printed (not asserted beyond that bound: they depend on the machine).
 */
class SlowClientsTest {

    private static final int SLOW_CLIENTS = 50;
    private static final int SAMPLES = 300;
    private static final Duration LIVENESS_BOUND = Duration.ofSeconds(2);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(LIVENESS_BOUND).build();
    private final List<Socket> slow = new ArrayList<>();
    private HttpListener api;
    private HttpListener ops;

    @BeforeEach
    void start() throws Exception {
        // The slow clients must still be connected when the last sample is taken: a deadline longer than the test.
        Duration holdOn = Duration.ofMinutes(2);
        api = HttpListener.start("test API", new InetSocketAddress("127.0.0.1", 0), HttpLimits.api().withHeaderReadTimeout(holdOn),
                request -> HttpResponse.json(200, "{\"flightId\":42,\"available\":17}"));
        ops = HttpListener.start("test ops", new InetSocketAddress("127.0.0.1", 0), HttpLimits.ops().withHeaderReadTimeout(holdOn),
                request -> HttpResponse.json(200, "{\"status\":\"UP\",\"state\":\"RUNNING\"}"));
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket socket : slow) {
            socket.close();
        }
        api.close();
        ops.close();
    }

    @Test
    void shouldAnswerHealthWithinTwoSecondsAndKeepServingTheApiWhileFiftyClientsHoldHalfARequest() throws Exception {
        measure(); // warm-up: class loading and JIT would otherwise count against the first run
        Latencies quiet = measure();

        for (int i = 0; i < SLOW_CLIENTS; i++) {
            slow.add(RawHttp.halfRequest(api.port()));
            slow.add(RawHttp.halfRequest(ops.port()));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> api.openConnections() >= SLOW_CLIENTS && ops.openConnections() >= SLOW_CLIENTS);
        Latencies underSlowClients = measure();

        System.out.printf("HTTP latency, %d requests each, without / with %d slow clients on each listener (same run):%n",
                SAMPLES, SLOW_CLIENTS);
        System.out.printf("  /health/live, kept-alive connection:  p50 %s / %s, p99 %s / %s, max %s / %s%n",
                quiet.health.p(50), underSlowClients.health.p(50), quiet.health.p(99), underSlowClients.health.p(99),
                quiet.health.max(), underSlowClients.health.max());
        System.out.printf("  /health/live, new connection each:    p50 %s / %s, p99 %s / %s, max %s / %s%n",
                quiet.healthFresh.p(50), underSlowClients.healthFresh.p(50), quiet.healthFresh.p(99), underSlowClients.healthFresh.p(99),
                quiet.healthFresh.max(), underSlowClients.healthFresh.max());
        System.out.printf("  API GET, kept-alive connection:       p50 %s / %s, p99 %s / %s, max %s / %s%n",
                quiet.api.p(50), underSlowClients.api.p(50), quiet.api.p(99), underSlowClients.api.p(99),
                quiet.api.max(), underSlowClients.api.max());
        assertThat(slow).allMatch(socket -> !socket.isClosed());
        assertThat(underSlowClients.health.maxNanos()).isLessThan(LIVENESS_BOUND.toNanos());
        assertThat(underSlowClients.healthFresh.maxNanos()).isLessThan(LIVENESS_BOUND.toNanos());
    }

    private record Latencies(Samples health, Samples healthFresh, Samples api) {
    }

    private Latencies measure() throws Exception {
        Samples health = new Samples();
        Samples healthFresh = new Samples();
        Samples apiCalls = new Samples();
        for (int i = 0; i < SAMPLES; i++) {
            long begin = System.nanoTime();
            var answer = client.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + "/health/live"))
                    .timeout(LIVENESS_BOUND).build(), BodyHandlers.ofString());
            health.add(System.nanoTime() - begin);
            assertThat(answer.statusCode()).isEqualTo(200);

            begin = System.nanoTime();
            RawHttp.Answer fresh = RawHttp.exchange(ops.port(), RawHttp.get("/health/live"));
            healthFresh.add(System.nanoTime() - begin);
            assertThat(fresh.status()).isEqualTo(200);

            begin = System.nanoTime();
            var flight = client.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/flights/42/availability"))
                    .timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
            apiCalls.add(System.nanoTime() - begin);
            assertThat(flight.statusCode()).isEqualTo(200);
        }
        return new Latencies(health, healthFresh, apiCalls);
    }

    private static final class Samples {
        private final long[] nanos = new long[SAMPLES];
        private int count;

        void add(long value) {
            nanos[count++] = value;
        }

        long maxNanos() {
            return Arrays.stream(nanos, 0, count).max().orElse(0);
        }

        String p(int percentile) {
            long[] sorted = Arrays.copyOf(nanos, count);
            Arrays.sort(sorted);
            return millis(sorted[Math.min(count - 1, (int) Math.ceil(percentile / 100.0 * count) - 1)]);
        }

        String max() {
            return millis(maxNanos());
        }

        private static String millis(long nanos) {
            return String.format("%.2f ms", nanos / (double) TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
