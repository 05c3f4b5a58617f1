package dev.flightdeck.stack.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFollowerTest {

    @TempDir
    Path dir;

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void shouldHandOnNewRecordsOfEveryLogByTimeOnceTheyAreComplete() throws IOException {
        Path kafka = dir.resolve("kafka.log");
        Path redis = dir.resolve("redis.log");
        append(kafka, "{\"time\":\"2026-12-04T13:00:00.000Z\",\"service\":\"kafka\",\"level\":\"INFO\",\"logger\":\"k\",\"message\":\"printed before\"}\n");
        List<ServiceLog> logs = List.of(new ServiceLog("kafka", kafka), new ServiceLog("redis", redis));
        LogFollower follower = new LogFollower(logs, List.of(Files.size(kafka), 0L), new LogQuery(null, LogQuery.grep("."), null));
        List<String> handedOn = new ArrayList<>();

        append(kafka, "{\"time\":\"2026-12-04T13:01:00.200Z\",\"service\":\"kafka\",\"level\":\"ERROR\",\"logger\":\"k\",\"message\":\"second\"}\n");
        append(redis, "21135:M 04 Dec 2026 13:01:00.100 * first\n");
        append(redis, "not a record: continues first\n");
        append(redis, "21135:M 04 Dec 2026 13:01:00.300 * third, still being writ");
        assertThat(follower.poll(record -> handedOn.add(record.message()))).isTrue();
        assertThat(handedOn).isEmpty(); // both logs' last records may still grow

        append(redis, "ten\n");
        follower.poll(record -> handedOn.add(record.message()));
        // redis's first record ended with the next one; kafka's second once kafka stayed quiet for a poll
        assertThat(handedOn).containsExactly("first\nnot a record: continues first", "second");

        assertThat(follower.poll(record -> handedOn.add(record.message()))).isFalse();
        assertThat(handedOn).containsExactly("first\nnot a record: continues first", "second", "third, still being written");
    }

    @Test
    void shouldHandOnOnlyTheRecordsTheFilterMatches() throws IOException {
        Path simulator = dir.resolve("simulator.log");
        LogFollower follower = new LogFollower(List.of(new ServiceLog("simulator", simulator)), List.of(0L),
                new LogQuery(null, LogQuery.grep("deadlock"), null));
        List<String> handedOn = new ArrayList<>();

        append(simulator, "2026-12-04T13:14:10.184Z [booking-simulator-ticker] INFO BookingSimulator - booking simulator: 15,000 tx\n");
        append(simulator, "2026-12-04T13:14:10.190Z [booking-3] WARN BookingSimulator - Deadlock, retrying\n");
        follower.poll(record -> handedOn.add(record.message()));
        follower.poll(record -> handedOn.add(record.message()));

        assertThat(handedOn).containsExactly("Deadlock, retrying");
    }
}
