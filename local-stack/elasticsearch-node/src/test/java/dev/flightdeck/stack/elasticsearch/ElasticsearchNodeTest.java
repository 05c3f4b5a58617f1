package dev.flightdeck.stack.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.InfoResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starts {@link ElasticsearchNodeMain} as its own process, exactly as the launcher does, and drives it with the real client. */
class ElasticsearchNodeTest {

    // Generous: the machine's two cores are shared with other builds; a quiet start takes 3-8 s.
    private static final Duration START_DEADLINE = Duration.ofSeconds(120);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private static final String INDEX = "bookings";

    /** A booking change as a read model would store it: keyword, integer and date fields. */
    record Booking(String flight, int seats, String changedAt) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path workDir;

    @Test
    void shouldServeTheRealClientWithExternalVersioningAndKeepDataAcrossASigtermRestart() throws Exception {
        Path home = workDir.resolve("es-home");

        try (NodeProcess node = NodeProcess.start(home, freePort(), workDir.resolve("first.log"))) {
            waitForHealth(node);
            assertThat(node.log().lines().filter(line -> line.startsWith(ElasticsearchNodeMain.READY_PREFIX)))
                .containsExactly(ElasticsearchNodeMain.READY_PREFIX + node.baseUri());
            try (ElasticsearchClient client = node.client()) {
                InfoResponse info = client.info();
                assertThat(info.version().number()).isEqualTo("9.5.3");
                assertThat(info.clusterName()).isEqualTo("flightdeck");
                assertThat(info.name()).isEqualTo("flightdeck-es");
                assertThat(client.ping().value()).isTrue();
                assertThat(head(node.baseUri())).isEqualTo(200);

                client.indices().create(c -> c.index(INDEX)
                    .mappings(m -> m
                        .properties("flight", p -> p.keyword(k -> k))
                        .properties("seats", p -> p.integer(i -> i))
                        .properties("changedAt", p -> p.date(d -> d))));

                index(client, "b-1", 5, new Booking("FD101", 2, "2026-03-01T10:00:00Z"));
                assertThatThrownBy(() -> index(client, "b-1", 3, new Booking("FD101", 9, "2026-03-01T09:00:00Z")))
                    .isInstanceOfSatisfying(ElasticsearchException.class, e -> {
                        assertThat(e.status()).isEqualTo(409);
                        assertThat(e.error().type()).isEqualTo("version_conflict_engine_exception");
                    });
                index(client, "b-1", 7, new Booking("FD101", 4, "2026-03-01T11:00:00Z"));
                client.indices().refresh(r -> r.index(INDEX));

                SearchResponse<Booking> found = client.search(s -> s.index(INDEX)
                    .version(true)
                    .query(q -> q.term(t -> t.field("flight").value("FD101"))), Booking.class);
                assertThat(found.hits().hits()).hasSize(1);
                Hit<Booking> hit = found.hits().hits().get(0);
                assertThat(hit.version()).isEqualTo(7L);
                assertThat(hit.source()).isEqualTo(new Booking("FD101", 4, "2026-03-01T11:00:00Z"));
            }

            node.sigtermAndAwaitExit();
            assertThat(node.log().lines()).as("Node.close() ran in the shutdown hook")
                .anyMatch(line -> line.contains("\"logger\":\"org.elasticsearch.node.Node\"") && line.endsWith("\"message\":\"closed\"}"));
        }
        assertThat(dataLockIsFree(home)).as("node.lock released after SIGTERM").isTrue();

        try (NodeProcess restarted = NodeProcess.start(home, freePort(), workDir.resolve("second.log"))) {
            waitForHealth(restarted);
            try (ElasticsearchClient client = restarted.client()) {
                GetResponse<Booking> kept = client.get(g -> g.index(INDEX).id("b-1"), Booking.class);
                assertThat(kept.found()).isTrue();
                assertThat(kept.version()).isEqualTo(7L);
                assertThat(kept.source()).isEqualTo(new Booking("FD101", 4, "2026-03-01T11:00:00Z"));
            }
            restarted.sigtermAndAwaitExit();
        }
    }

    @Test
    void shouldNameThePortFlagAndExitOneWhenTheHttpPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             NodeProcess node = NodeProcess.start(workDir.resolve("es-home"), taken.getLocalPort(), workDir.resolve("taken.log"))) {
            assertThat(node.awaitExit()).isEqualTo(ElasticsearchNodeMain.EXIT_STARTUP_FAILED);
            assertThat(node.log())
                .contains("port " + taken.getLocalPort() + " is in use; pass --elasticsearch-port to choose another")
                .doesNotContain("\tat ");
        }
    }

    @Test
    void shouldNameTheMissingFlagAndExitTwoOnABadCommandLine() throws Exception {
        try (NodeProcess node = NodeProcess.launch(workDir.resolve("usage.log"), 0, "--home", workDir.toString())) {
            assertThat(node.awaitExit()).isEqualTo(ElasticsearchNodeMain.EXIT_USAGE);
            assertThat(node.log().strip()).startsWith("elasticsearch-node: --http-port is required").doesNotContain("\n");
        }
    }

    private static void index(ElasticsearchClient client, String id, long version, Booking booking) throws IOException {
        client.index(i -> i.index(INDEX).id(id).version(version).versionType(VersionType.ExternalGte).document(booking));
    }

    /** Polls cluster health until yellow or green; fails early, with the node's log, if the process dies. */
    private void waitForHealth(NodeProcess node) throws Exception {
        Instant deadline = node.startedAt().plus(START_DEADLINE);
        HttpRequest health = HttpRequest.newBuilder(node.baseUri().resolve("/_cluster/health"))
            .timeout(Duration.ofSeconds(2))
            .build();
        while (Instant.now().isBefore(deadline)) {
            assertThat(node.process().isAlive()).as("node exited early; its log:%n%s", node.log()).isTrue();
            try {
                String body = http.send(health, HttpResponse.BodyHandlers.ofString()).body();
                if (body.contains("\"status\":\"green\"") || body.contains("\"status\":\"yellow\"")) {
                    System.out.printf(
                        "elasticsearch pid %d healthy %d ms after process start, %s%n",
                        node.process().pid(),
                        Duration.between(node.startedAt(), Instant.now()).toMillis(),
                        rss(node.process().pid())
                    );
                    return;
                }
            } catch (IOException notListeningYet) {
                // the HTTP port opens late in the start; keep polling
            }
            Thread.sleep(POLL_INTERVAL);
        }
        throw new AssertionError("node not healthy within " + START_DEADLINE + "; its log:\n" + node.log());
    }

    private int head(URI uri) throws Exception {
        var request = HttpRequest.newBuilder(uri.resolve("/")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** True when another process can take node.lock, i.e. the node let go of its data directory. */
    private static boolean dataLockIsFree(Path home) throws IOException {
        try (FileChannel channel = FileChannel.open(home.resolve("data/node.lock"), StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock != null;
        }
    }

    private static String rss(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .map(line -> line.replaceAll("\\s+", " "))
                .findFirst()
                .orElse("VmRSS unknown");
        } catch (IOException notLinux) {
            return "VmRSS unknown";
        }
    }

    /** The OS picks a free port; the node cannot be told port 0 here, since the test must know where to connect. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** One {@link ElasticsearchNodeMain} child JVM started with the module's own jvm.options, its stdout and stderr in one file. */
    record NodeProcess(Process process, Path logFile, Instant startedAt, int httpPort) implements AutoCloseable {

        static NodeProcess start(Path home, int httpPort, Path logFile) throws IOException {
            return launch(logFile, httpPort, "--home", home.toString(), "--http-port", Integer.toString(httpPort));
        }

        static NodeProcess launch(Path logFile, int httpPort, String... args) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElseThrow());
            command.addAll(ElasticsearchNodeMain.jvmOptions());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(ElasticsearchNodeMain.class.getName());
            command.addAll(List.of(args));
            Instant startedAt = Instant.now();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
            return new NodeProcess(process, logFile, startedAt, httpPort);
        }

        URI baseUri() {
            return URI.create("http://127.0.0.1:" + httpPort);
        }

        ElasticsearchClient client() {
            return ElasticsearchClient.of(b -> b.host(baseUri().toString()));
        }

        /** What the launcher does on stop: SIGTERM, then the node must close within the deadline. */
        void sigtermAndAwaitExit() throws InterruptedException {
            Instant sent = Instant.now();
            process.destroy();
            assertThat(process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                .as("node still running %s after SIGTERM", STOP_DEADLINE)
                .isTrue();
            System.out.printf("elasticsearch pid %d stopped %d ms after SIGTERM%n", process.pid(), Duration.between(sent, Instant.now()).toMillis());
        }

        int awaitExit() throws InterruptedException {
            assertThat(process.waitFor(START_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).as("node did not exit; its log:%n%s", log()).isTrue();
            return process.exitValue();
        }

        String log() {
            try {
                return Files.readString(logFile);
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }

        /** Never leaves a node behind, whatever the test did: the machine runs one Elasticsearch at a time. */
        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.onExit().orTimeout(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).join();
            }
        }
    }
}
