package dev.flightdeck.stack.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightdeck.ops.Progress;
import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadinessTest {

    @TempDir
    Path dir;

    private Long pid;

    @AfterEach
    void killChild() {
        if (pid != null) {
            ServiceProcess.kill(pid);
        }
    }

    /** A real detached child process whose command line carries the marker, like a service. */
    private long startChild(String script) {
        Path log = dir.resolve("svc.log");
        pid = ServiceProcess.start(new ServiceProcess.Launch(List.of("bash", "-c", script, dir.toString()),
                Map.of(), dir, log));
        return pid;
    }

    @Test
    void shouldReturnOnceTheHealthCheckPasses() {
        long child = startChild("sleep 30");
        AtomicInteger probes = new AtomicInteger();
        Duration waited = Readiness.await(ServiceId.REDIS, child, dir.toString(),
                () -> probes.incrementAndGet() >= 3, Duration.ofSeconds(20), dir.resolve("svc.log"), silent());
        assertThat(probes).hasValue(3);
        assertThat(waited).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void shouldReportTheLastFailureAndTheLogTailWhenTheCheckNeverPasses() {
        long child = startChild("echo 'listening soon'; sleep 30");
        assertThatThrownBy(() -> Readiness.await(ServiceId.REDIS, child, dir.toString(),
                () -> {
                    throw new IllegalStateException("connection refused");
                }, Duration.ofMillis(600), dir.resolve("svc.log"), silent()))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("redis did not pass its health check within 0.6 s (last answer: connection refused)")
                .hasMessageContaining("listening soon")
                .hasMessageContaining("still running as pid " + child);
    }

    @Test
    void shouldStopWaitingAndShowTheLogWhenTheServiceExits() throws Exception {
        long child = startChild("echo 'FATAL: cannot open data folder'; exit 3");
        assertThat(ServiceProcess.awaitExit(child, Duration.ofSeconds(10))).isTrue();
        assertThatThrownBy(() -> Readiness.await(ServiceId.MYSQL, child, dir.toString(), () -> false,
                Duration.ofSeconds(20), dir.resolve("svc.log"), silent()))
                .hasMessageContaining("mysql exited while starting")
                .hasMessageContaining("FATAL: cannot open data folder")
                .hasMessageContaining("./flightdeck logs mysql");
    }

    @Test
    void shouldNotMistakeAnotherProcessForTheServiceWhenItsPidIsReused() {
        long child = startChild("sleep 30");
        assertThat(ServiceProcess.isRunning(child, dir.toString())).isTrue();
        assertThat(ServiceProcess.isRunning(child, "/some/other/service/folder")).isFalse();
    }

    /** Waits until the child has set its signal handling, so a signal never races the trap. */
    private void awaitLogLine(String line) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> ServiceProcess.tail(dir.resolve("svc.log"), 5).contains(line));
    }

    @Test
    void shouldStopAServiceWithSigtermWithinItsGracePeriod() throws Exception {
        long child = startChild("trap 'exit 0' TERM; echo ready; while true; do sleep 0.1; done");
        awaitLogLine("ready");
        assertThat(ServiceProcess.stop(child, Duration.ofSeconds(10))).isTrue();
        assertThat(ServiceProcess.isRunning(child, dir.toString())).isFalse();
        assertThat(Files.exists(dir.resolve("svc.log"))).isTrue();
    }

    @Test
    void shouldKillAServiceThatIgnoresSigterm() {
        long child = startChild("trap '' TERM; echo ready; while true; do sleep 0.1; done");
        awaitLogLine("ready");
        assertThat(ServiceProcess.stop(child, Duration.ofMillis(500))).isFalse();
        assertThat(ServiceProcess.isRunning(child, dir.toString())).isFalse();
    }

    private static Progress silent() {
        return new Progress() {
            public void begin(String subject, String detail) {
            }

            public void waiting(String subject, Duration elapsed, String lastState) {
            }

            public void done(String subject, Duration elapsed, String detail) {
            }

            public void update(String subject, String state) {
            }

            public void note(String message) {
            }
        };
    }
}
