package dev.flightdeck.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.ops.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.stream.Stream;

/** What every benchmark does the same way: its own stack folder, JDBC, rounding, and the report files. */
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

    /** Writes {@code NAME-STAMP.json} and {@code NAME-STAMP.md}, prints the Markdown and where both are. */
    static void writeReport(Path dir, String name, Object report, String markdown, Progress console) throws IOException {
        Files.createDirectories(dir);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path json = dir.resolve(name + "-" + stamp + ".json");
        // Not findAndRegisterModules(): it picks up Afterburner from the classpath, which cannot read private records.
        new ObjectMapper().registerModule(new JavaTimeModule()).enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
        Path md = dir.resolve(name + "-" + stamp + ".md");
        Files.writeString(md, markdown);
        console.note("\n" + markdown + "\nReports: " + json + " and " + md);
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
