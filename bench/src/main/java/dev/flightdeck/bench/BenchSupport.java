package dev.flightdeck.bench;

import dev.flightdeck.clients.ClusterProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** Small things every benchmark does the same way: JDBC, a free port, wiping a folder, seconds and rounding, deadlines. */
final class BenchSupport {

    private BenchSupport() {
    }

    static Connection connect(ClusterProfile profile) throws SQLException {
        return profile.openMysql();
    }

    /** A free loopback port, for an app instance a benchmark runs in its own JVM. */
    static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void wipe(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static void check(long deadlineNanos, String what) {
        if (System.nanoTime() > deadlineNanos) {
            throw new IllegalStateException(what);
        }
    }

    /** An Avro timestamp-millis as decoded (an Instant with logical types, else a long). */
    static long millis(Object timestamp) {
        return timestamp instanceof java.time.Instant instant ? instant.toEpochMilli() : (Long) timestamp;
    }
}
