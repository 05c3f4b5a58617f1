package dev.flightdeck.compose.driver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;

/** Whether this machine can run the compose cluster: a Docker API (Docker's, or Podman's socket named by DOCKER_HOST) and {@code docker-compose}. */
public final class ContainerEngine {

    private ContainerEngine() {}

    /** What is missing, with how to get it; empty when the cluster can run here. */
    public static Optional<String> unavailable() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return Optional.of("no Docker API answers (DOCKER_HOST=" + System.getenv().getOrDefault("DOCKER_HOST", "unset")
                    + "); with Podman: podman system service --time=0 unix:///run/podman/podman.sock & and DOCKER_HOST=unix:///run/podman/podman.sock");
        }
        if (!onPath("docker-compose")) {
            return Optional.of("docker-compose is not installed (apt-get install docker-compose)");
        }
        return Optional.empty();
    }

    private static boolean onPath(String executable) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, executable)));
    }
}
