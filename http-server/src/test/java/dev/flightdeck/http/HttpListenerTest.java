package dev.flightdeck.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real listener on loopback, asked by a real client or by hand-written bytes: well-formed requests
 * reach the handler decoded; everything else gets a definite JSON answer without exception text.
 */
class HttpListenerTest {

    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<HttpListener> listeners = new ArrayList<>();

    @AfterEach
    void stop() {
        listeners.forEach(HttpListener::close);
    }

    @Test
    void shouldPassADecodedRequestToTheHandlerAndAnswerWithARequestId() throws Exception {
        HttpListener listener = start(HttpLimits.api(), request -> HttpResponse.json(200, "{\"path\":" + HttpResponse.quote(request.path())
                + ",\"origin\":" + HttpResponse.quote(request.parameter("origin").orElse("-"))
                + ",\"target\":" + HttpResponse.quote(request.target()) + "}"));

        var answer = get(listener, "/flights/a%20b?origin=FRA%C3%9F&x=1+2");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"path\":\"/flights/a b\",\"origin\":\"FRAß\",\"target\":\"/flights/a%20b?origin=FRA%C3%9F&x=1+2\"}");
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(answer.headers().firstValue(HttpRequest.REQUEST_ID_HEADER)).hasValueSatisfying(id -> assertThat(id).hasSize(16));
        assertThat(answer.headers().firstValue("Server")).isEmpty();
    }

    @Test
    void shouldKeepARequestIdAPeerSent() throws Exception {
        HttpListener listener = start(HttpLimits.api(), request -> HttpResponse.json(200, HttpResponse.quote(request.requestId())));

        var answer = client.send(java.net.http.HttpRequest.newBuilder(url(listener, "/x"))
                .header(HttpRequest.REQUEST_ID_HEADER, "peer-7f3a").build(), BodyHandlers.ofString());

        assertThat(answer.body()).isEqualTo("\"peer-7f3a\"");
        assertThat(answer.headers().firstValue(HttpRequest.REQUEST_ID_HEADER)).contains("peer-7f3a");
    }

    @Test
    void shouldAnswerMalformedEscapesWith400AndJson() throws Exception {
        HttpListener listener = start(HttpLimits.api(), request -> HttpResponse.json(200, "{}"));

        for (String target : List.of("/flights/%zz/availability", "/flights/%C3%28/seats", "/flights?origin=%zz",
                "/flights?origin=%E2%82", "/flights?date=%", "/flights/%2e%2e/%2e%2e/etc")) {
            RawHttp.Answer answer = RawHttp.exchange(listener.port(), RawHttp.get(target));
            assertThat(answer.status()).as(target).isEqualTo(400);
            assertIsJsonErrorWithoutExceptionText(answer, 400);
        }
    }

    @Test
    void shouldAnswerAnOverlongPathWith414AndJson() throws Exception {
        HttpListener listener = start(HttpLimits.api(), request -> HttpResponse.json(200, "{}"));

        RawHttp.Answer answer = RawHttp.exchange(listener.port(), RawHttp.get("/flights/" + "7".repeat(10_000) + "/seats"));

        assertThat(answer.status()).isEqualTo(414);
        assertIsJsonErrorWithoutExceptionText(answer, 414);
        assertThat(answer.body()).contains("8192-byte limit");
    }

    @Test
    void shouldRefuseTenThousandQueryParametersAndTooManyThatFitTheLine() throws Exception {
        HttpListener listener = start(HttpLimits.api(), request -> HttpResponse.json(200, "{}"));
        StringBuilder tenThousand = new StringBuilder("/flights?p0=0");
        for (int i = 1; i < 10_000; i++) {
            tenThousand.append("&p").append(i).append('=').append(i);
        }

        RawHttp.Answer huge = RawHttp.exchange(listener.port(), RawHttp.get(tenThousand.toString()));
        RawHttp.Answer many = RawHttp.exchange(listener.port(), RawHttp.get("/flights?" + "a=1&".repeat(500)));

        assertThat(huge.status()).isIn(400, 414, 431);
        assertIsJsonErrorWithoutExceptionText(huge, huge.status());
        assertThat(many.status()).isEqualTo(400);
        assertThat(many.body()).isEqualTo("{\"status\":400,\"error\":\"too many query parameters (at most 64)\"}");
    }

    @Test
    void shouldAnswerOversizedHeadersWith431AndAnOversizedBodyWith413() throws Exception {
        HttpListener listener = start(HttpLimits.api(), request -> HttpResponse.json(200, "{}"));

        RawHttp.Answer headers = RawHttp.exchange(listener.port(),
                "GET /x HTTP/1.1\r\nHost: h\r\nX-Big: " + "b".repeat(10_000) + "\r\nConnection: close\r\n\r\n");
        // Expect: 100-continue lets the server refuse on Content-Length before the body is sent; without it the
        // server's close could reset the connection under the client's unsent bytes before it reads the 413.
        var body = client.send(java.net.http.HttpRequest.newBuilder(url(listener, "/x")).expectContinue(true)
                .POST(BodyPublishers.ofString("x".repeat(100_000))).build(), BodyHandlers.ofString());

        assertThat(headers.status()).isEqualTo(431);
        assertIsJsonErrorWithoutExceptionText(headers, 431);
        assertThat(body.statusCode()).isEqualTo(413);
        assertThat(body.body()).isEqualTo("{\"status\":413,\"error\":\"request body larger than 65536 bytes\"}");
    }

    @Test
    void shouldAnswerAFailingHandlerWith500NamingTheRequestIdButNotTheException() throws Exception {
        HttpListener listener = start(HttpLimits.api(), request -> {
            throw new IllegalStateException("secret detail: db password is hunter2");
        });

        var answer = get(listener, "/boom");

        String id = answer.headers().firstValue(HttpRequest.REQUEST_ID_HEADER).orElseThrow();
        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.body()).isEqualTo("{\"status\":500,\"error\":\"internal error; request id " + id + " is in the server's log\"}");
    }

    @Test
    void shouldAnswerAnErrorThrownByTheHandlerWithJsonToo() throws Exception {
        HttpListener listener = start(HttpLimits.api(), request -> {
            throw new StackOverflowError("deep");
        });

        RawHttp.Answer answer = RawHttp.exchange(listener.port(), RawHttp.get("/boom"));

        assertThat(answer.status()).isEqualTo(500);
        assertIsJsonErrorWithoutExceptionText(answer, 500);
        assertThat(answer.body()).doesNotContain("deep", "StackOverflow");
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenMoreRequestsWaitThanTheQueueHolds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inHandler = new AtomicInteger();
        HttpLimits oneAtATime = new HttpLimits(1, 16, 16, 1, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(30),
                8192, 1024, 8);
        HttpListener listener = start(oneAtATime, request -> {
            inHandler.incrementAndGet();
            release.await(10, TimeUnit.SECONDS);
            return HttpResponse.json(200, "{}");
        });
        CompletableFuture<java.net.http.HttpResponse<String>> working = getAsync(listener, "/a");
        await().atMost(Duration.ofSeconds(5)).until(() -> inHandler.get() == 1);
        CompletableFuture<java.net.http.HttpResponse<String>> waiting = getAsync(listener, "/b");
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).until(() -> waitingRequests(listener) == 1);

        var refused = get(listener, "/c");
        release.countDown();

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(refused.body()).isEqualTo("{\"status\":503,\"error\":\"too many requests waiting; retry shortly\"}");
        assertThat(working.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(waiting.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswerTwoHundredConcurrentRequestsWhileOnlySixteenRunAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch allWorkersBusy = new CountDownLatch(1);
        HttpListener listener = start(HttpLimits.api(), request -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                allWorkersBusy.await(10, TimeUnit.SECONDS); // the first requests hold every worker until the rest have queued
                return HttpResponse.json(200, "{}");
            } finally {
                running.decrementAndGet();
            }
        });

        long begin = System.nanoTime();
        List<CompletableFuture<java.net.http.HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            answers.add(getAsync(listener, "/flights/" + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 16);
        allWorkersBusy.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<java.net.http.HttpResponse<String>> answer : answers) {
            statuses.add(answer.get(20, TimeUnit.SECONDS).statusCode());
        }

        System.out.printf("200 concurrent requests: %d answered 200, %d answered 503, in %d ms, at most %d handled at once%n",
                statuses.stream().filter(s -> s == 200).count(), statuses.stream().filter(s -> s == 503).count(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin), mostAtOnce.get());
        assertThat(statuses).hasSize(200).allMatch(status -> status == 200 || status == 503);
        assertThat(statuses).filteredOn(status -> status == 200).hasSizeGreaterThan(100);
        assertThat(mostAtOnce.get()).isEqualTo(16);
    }

    @Test
    void shouldCloseAConnectionThatTricklesItsHeadersPastTheDeadline() throws Exception {
        HttpListener listener = start(HttpLimits.api().withHeaderReadTimeout(Duration.ofMillis(500)), request -> HttpResponse.json(200, "{}"));
        long begin = System.nanoTime();
        try (Socket trickle = RawHttp.halfRequest(listener.port())) {
            trickle.setSoTimeout(100);
            // A byte every poll keeps the connection from ever being idle; only the deadline ends it.
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
                try {
                    trickle.getOutputStream().write('x');
                    return trickle.getInputStream().read() == -1;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    return false;
                } catch (IOException closed) {
                    return true;
                }
            });
        }
        System.out.printf("a trickling client was disconnected after %d ms (header deadline 500 ms)%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
        assertThat(get(listener, "/after").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldSayWhichPortIsTaken() throws Exception {
        HttpListener first = start(HttpLimits.ops(), request -> HttpResponse.json(200, "{}"));

        assertThatThrownBy(() -> HttpListener.start("second", new InetSocketAddress("127.0.0.1", first.port()), HttpLimits.ops(),
                request -> HttpResponse.json(200, "{}")))
                .isInstanceOf(BindException.class).hasMessage("port " + first.port() + " of 127.0.0.1 is in use (or not an address of this machine)");
    }

    static void assertIsJsonErrorWithoutExceptionText(RawHttp.Answer answer, int status) {
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.header(HttpRequest.REQUEST_ID_HEADER)).isNotBlank();
        assertThat(answer.body()).startsWith("{\"status\":" + status + ",\"error\":\"").endsWith("\"}")
                .doesNotContain("Exception", "exception", "at org.", "at java.", "<html", "jetty");
    }

    private HttpListener start(HttpLimits limits, RequestHandler handler) throws IOException {
        HttpListener listener = HttpListener.start("test API", ANY_PORT, limits, handler);
        listeners.add(listener);
        return listener;
    }

    private java.net.http.HttpResponse<String> get(HttpListener listener, String target) throws Exception {
        return client.send(java.net.http.HttpRequest.newBuilder(url(listener, target)).timeout(Duration.ofSeconds(10)).build(),
                BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private CompletableFuture<java.net.http.HttpResponse<String>> getAsync(HttpListener listener, String target) {
        return client.sendAsync(java.net.http.HttpRequest.newBuilder(url(listener, target)).timeout(Duration.ofSeconds(20)).build(),
                BodyHandlers.ofString());
    }

    private static URI url(HttpListener listener, String target) {
        return URI.create("http://127.0.0.1:" + listener.port() + target);
    }

    private static int waitingRequests(HttpListener listener) {
        return listener.waitingRequests();
    }
}
