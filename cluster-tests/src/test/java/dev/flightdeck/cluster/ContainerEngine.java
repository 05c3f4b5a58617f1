package dev.flightdeck.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Whether this machine can run the container suite: a Docker API (Docker's, or Podman's socket named
 * by DOCKER_HOST) and Compose's {@code docker-compose}. Without them the suite is skipped and says
 * why; with {@code FLIGHTDECK_REQUIRE_CONTAINERS=1} (CI sets it) their absence is a failure instead.
 */
final class ContainerEngine {

    private ContainerEngine() {}

    static void requireOrSkip() {
        String missing = null;
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            missing = "no Docker API answers (DOCKER_HOST=" + System.getenv().getOrDefault("DOCKER_HOST", "unset")
                    + "); with Podman: podman system service --time=0 unix:///run/podman/podman.sock & and DOCKER_HOST=unix:///run/podman/podman.sock";
        } else if (!onPath("docker-compose")) {
            missing = "docker-compose is not installed (apt-get install docker-compose)";
        }
        if (missing == null) {
            return;
        }
        if ("1".equals(System.getenv("FLIGHTDECK_REQUIRE_CONTAINERS"))) {
            throw new IllegalStateException("the container suite cannot run: " + missing);
        }
        // Said on the console too: Maven's summary shows a class aborted in @BeforeAll only as "Tests run: 0".
        System.out.println("cluster: the container suite is skipped: " + missing);
        Assumptions.abort("container suite skipped: " + missing);
    }

    private static boolean onPath(String executable) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, executable)));
    }
}
