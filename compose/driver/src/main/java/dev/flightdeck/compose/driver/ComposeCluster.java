package dev.flightdeck.compose.driver;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.flightdeck.clients.ClusterProfile;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.DockerClientFactory;

/**
 * The cluster of {@code compose/docker-compose.yml}, built and started by the suite itself: the
 * images from this checkout ({@code images/build}, which reuses what did not change), the compose
 * secrets ({@code compose/prepare}), then {@code docker-compose up} under a project name of its own,
 * with compose's output shown. Containers are found, inspected and broken through Testcontainers'
 * client of the Docker API (Docker's, or Podman's compatible socket): kill, stop, start, and
 * cutting a container off the compose network.
 */
public final class ComposeCluster implements AutoCloseable {

    private static final String PROJECT_PREFIX = "fdcluster";
    /** How long an orderly stop waits before it kills; the same as the Kafka nodes' stop_grace_period in the compose file. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private final DockerClient docker = DockerClientFactory.instance().client();
    private final Path home;
    private final String project;
    private final ScheduledExecutorService healthChecks;
    private final ClusterProfile profile;
    private final Map<String, String> env;

    private ComposeCluster(Path home, String project, ScheduledExecutorService healthChecks) {
        this.home = home;
        this.project = project;
        this.healthChecks = healthChecks;
        this.env = readProperties(".env");
        this.profile = profile(Map.of());
    }

    /** Builds the images of the checkout at {@code home}, removes what an earlier interrupted run left, and starts the cluster. */
    public static ComposeCluster start(Path home) throws Exception {
        run(home, "building the images (images/build reuses unchanged layers)", home.resolve("images/build").toString());
        run(home, "making the compose secrets (compose/prepare keeps existing ones)", home.resolve("compose/prepare").toString());
        removeLeftovers();
        String project = PROJECT_PREFIX + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        ScheduledExecutorService healthChecks = null;
        if (isPodman()) {
            // Podman runs HEALTHCHECKs from systemd timers; without systemd nothing would, and every
            // depends_on: service_healthy would wait for ever. compose/healthchecks does the same for people.
            healthChecks = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "podman-healthchecks");
                thread.setDaemon(true);
                return thread;
            });
            healthChecks.scheduleWithFixedDelay(ComposeCluster::runPodmanHealthChecks, 2, 3, TimeUnit.SECONDS);
        }
        long begin = System.nanoTime();
        System.out.println("cluster: docker-compose up, project " + project
                + " (the KRaft quorum, MySQL, the registry, Connect, the apps, the sinks; a few minutes)");
        ComposeCluster cluster = new ComposeCluster(home, project, healthChecks);
        try {
            cluster.compose("up", "-d");
        } catch (RuntimeException | IOException e) {
            cluster.printStates();
            cluster.close();
            throw e;
        }
        System.out.printf("cluster: up in %.0f s%n", (System.nanoTime() - begin) / 1e9);
        return cluster;
    }

    /** The ops profile of the cluster from this machine: compose/flightdeck.properties with absolute secret paths. */
    public ClusterProfile profile() {
        return profile;
    }

    /** The same profile with some values replaced, e.g. another seat-availability instance's URL. */
    public ClusterProfile profile(Map<String, String> overrides) {
        Map<String, String> values = readProfile("flightdeck.properties");
        values.putAll(overrides);
        return ClusterProfile.of(values, "compose/flightdeck.properties");
    }

    /**
     * The Kafka administrator's profile from this machine (compose/flightdeck-admin.properties): a
     * super user, for what the ops user may not do, such as making the probe's topic and writing to it.
     */
    public ClusterProfile adminProfile() {
        return ClusterProfile.of(readProfile("flightdeck-admin.properties"), "compose/flightdeck-admin.properties");
    }

    /** A profile of compose/ with its paths (relative to the checkout) made absolute. */
    private Map<String, String> readProfile(String file) {
        Map<String, String> values = new LinkedHashMap<>();
        readProperties(file).forEach((name, value) -> {
            if (name.endsWith(".file") || name.endsWith(".location")) {
                value = home.resolve(value).toString();
            }
            values.put(name, value.replace("${dir:compose/", "${dir:" + home.resolve("compose") + "/"));
        });
        return values;
    }

    /** A value of compose/.env, e.g. a published port. */
    public String env(String name) {
        String value = env.get(name);
        if (value == null) {
            throw new IllegalArgumentException("compose/.env has no " + name);
        }
        return value;
    }


    public String containerId(String service) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("com.docker.compose.project", project, "com.docker.compose.service", service)).exec().stream()
                .findFirst().map(Container::getId)
                .orElseThrow(() -> new IllegalArgumentException("no container for the compose service " + service + " in " + project));
    }

    /**
     * Each container's state and, for those not running healthy, their last errors and last log
     * lines: why a start failed. The errors come first because a failed task's stack trace is soon
     * scrolled away by the retries and health checks that follow it.
     */
    public void printStates() {
        for (Container container : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("com.docker.compose.project", project)).exec()) {
            String service = container.getLabels().get("com.docker.compose.service");
            System.out.printf("cluster: %-22s %s%n", service, container.getStatus());
            if (!container.getStatus().contains("(healthy)") && !container.getStatus().contains("Exited (0)")) {
                List<String> log = log(container.getId());
                List<String> errors = log.stream().filter(ComposeCluster::isError).toList();
                errors.subList(Math.max(0, errors.size() - 5), errors.size())
                        .forEach(line -> System.out.println("    " + service + " ! " + line));
                log.subList(Math.max(0, log.size() - 15), log.size()).forEach(line -> System.out.println("    " + service + " | " + line));
            }
        }
    }

    /**
     * One line on a service's container: its state, how often its engine restarted it, and the last
     * {@code count} log lines that {@code wanted} picks (their time and message, shortened): what the
     * service did last, for a failure message that CI's summary shows alone.
     */
    public String recentSteps(String service, Predicate<String> wanted, int count) {
        String id = containerId(service);
        InspectContainerResponse inspected = docker.inspectContainerCmd(id).exec();
        List<String> steps = log(id).stream().filter(wanted).map(ComposeCluster::timeAndMessage).toList();
        return String.format("%s %s, restarted %s times, its last steps: %s", service, inspected.getState().getStatus(),
                inspected.getRestartCount(), steps.subList(Math.max(0, steps.size() - count), steps.size()));
    }

    private static final Pattern JSON_TIME = Pattern.compile("\"time\":\"[^\"]*T([0-9:]{8})");
    private static final Pattern JSON_MESSAGE = Pattern.compile("\"message\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** A JSON log line as "HH:MM:SS message" (the message cut at 160 characters); other lines cut as they are. */
    private static String timeAndMessage(String line) {
        Matcher time = JSON_TIME.matcher(line);
        Matcher message = JSON_MESSAGE.matcher(line);
        String text = message.find() ? (time.find() ? time.group(1) + " " : "") + message.group(1) : line;
        return text.length() > 160 ? text.substring(0, 160) + "…" : text;
    }

    /** A log line at level ERROR, in the services' JSON lines or Kafka's and Connect's plain ones. */
    private static boolean isError(String line) {
        return line.contains("\"level\":\"ERROR\"") || line.contains(" ERROR ");
    }

    /**
     * The one-shot services (those compose does not restart: setup, accounts, registrations) that
     * exited with a failure, each with its exit code and last log line.
     */
    public List<String> failedSteps() {
        List<String> failed = new ArrayList<>();
        for (Container container : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("com.docker.compose.project", project)).exec()) {
            if (!"exited".equalsIgnoreCase(container.getState())) {
                continue;
            }
            InspectContainerResponse inspected = docker.inspectContainerCmd(container.getId()).exec();
            RestartPolicy policy = inspected.getHostConfig() == null ? null : inspected.getHostConfig().getRestartPolicy();
            String restart = policy == null || policy.getName() == null ? "" : policy.getName();
            Long exit = inspected.getState().getExitCodeLong();
            if ((restart.isEmpty() || "no".equals(restart)) && exit != null && exit != 0) {
                failed.add(container.getLabels().get("com.docker.compose.service") + " exited with " + exit + ": "
                        + String.join(" ", logTail(container.getId(), 1)));
            }
        }
        return failed;
    }

    /** The container's last {@code count} log lines, or why they could not be read. */
    private static List<String> logTail(String containerId, int count) {
        return log(containerId, "--tail", String.valueOf(count));
    }

    private static List<String> log(String containerId, String... options) {
        List<String> command = new ArrayList<>(List.of(engine(), "logs"));
        command.addAll(List.of(options));
        command.add(containerId);
        try {
            Process logs = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (var lines = logs.inputReader().lines()) {
                return lines.toList();
            }
        } catch (IOException e) {
            return List.of("(its log could not be read: " + e.getMessage() + ")");
        }
    }

    /** SIGKILL: the process dies at once, as on a power cut; no shutdown hook runs. */
    public void kill(String service) {
        docker.killContainerCmd(containerId(service)).withSignal("KILL").exec();
    }

    /**
     * SIGTERM, then SIGKILL after {@link #STOP_GRACE}: an orderly shutdown. A Kafka node's controlled
     * shutdown moves its partitions first, which took 21 s here once; cut short, it becomes a kill and
     * the node recovers its logs when it starts again. Says how long the stop took and how it ended.
     */
    public void stop(String service) {
        String id = containerId(service);
        long started = System.nanoTime();
        docker.stopContainerCmd(id).withTimeout((int) STOP_GRACE.toSeconds()).exec();
        Long exitCode = docker.inspectContainerCmd(id).exec().getState().getExitCodeLong();
        System.out.printf("cluster: %s stopped in %.1f s (exit code %s%s)%n", service, (System.nanoTime() - started) / 1e9, exitCode,
                exitCode != null && exitCode == 137 ? ": killed after the grace period" : "");
    }

    /** Starts a stopped or killed container again; a no-op when its restart policy already did. */
    public void start(String service) {
        if (!running(service)) {
            docker.startContainerCmd(containerId(service)).exec();
        }
    }

    public boolean running(String service) {
        InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(containerId(service)).exec().getState();
        return Boolean.TRUE.equals(state.getRunning());
    }

    public boolean healthy(String service) {
        InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(containerId(service)).exec().getState();
        return Boolean.TRUE.equals(state.getRunning()) && state.getHealth() != null && "healthy".equals(state.getHealth().getStatus());
    }

    /** Where a container was on its compose network: what {@link #reconnect} puts back. */
    public record Attachment(String network, String ipv4Address) {
    }

    /** Takes the container off the compose network: it runs on, and nobody reaches it nor it anyone. */
    public Attachment disconnect(String service) {
        String network = network(service);
        String address = docker.inspectContainerCmd(containerId(service)).exec().getNetworkSettings().getNetworks().get(network)
                .getIpAddress();
        docker.disconnectFromNetworkCmd().withNetworkId(network).withContainerId(containerId(service)).withForce(true).exec();
        return new Attachment(network, address);
    }

    /**
     * Puts it back at the address it had, under its service name: a partition that heals leaves a
     * host where it was. (Without the address the network hands out a new one.)
     */
    public void reconnect(String service, Attachment attachment) {
        docker.connectToNetworkCmd().withNetworkId(attachment.network()).withContainerId(containerId(service))
                .withContainerNetwork(new ContainerNetwork().withAliases(List.of(service))
                        .withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(attachment.ipv4Address()))).exec();
    }

    /** The compose network the service's container is on. */
    private String network(String service) {
        Map<String, ContainerNetwork> networks = docker.inspectContainerCmd(containerId(service)).exec().getNetworkSettings().getNetworks();
        return networks.keySet().stream().filter(name -> name.startsWith(PROJECT_PREFIX)).findFirst()
                .orElseThrow(() -> new IllegalStateException(service + " is on no compose network: " + networks.keySet()));
    }

    @Override
    public void close() {
        try {
            compose("down", "--volumes", "--timeout", "10");
        } catch (IOException | RuntimeException e) {
            System.out.println("cluster: docker-compose down failed: " + e);
        } finally {
            if (healthChecks != null) {
                healthChecks.shutdownNow();
            }
        }
    }

    /** docker-compose on the compose file under this project name, its output shown line by line. */
    private void compose(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("docker-compose", "--ansi", "never", "-p", project, "-f",
                home.resolve("compose/docker-compose.yml").toString()));
        command.addAll(List.of(arguments));
        try {
            run(home, "docker-compose " + String.join(" ", arguments), command.toArray(String[]::new));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: docker-compose " + String.join(" ", arguments), e);
        }
    }

    /** The engine's command line tool, for what the Docker API has no call for (reading a log as text). */
    private static String engine() {
        return isPodman() ? "podman" : "docker";
    }

    private static boolean isPodman() {
        return DockerClientFactory.instance().client().versionCmd().exec().getComponents().stream()
                .anyMatch(component -> component.getName() != null && component.getName().toLowerCase().contains("podman"));
    }

    /** When each healthy container's check last ran: a healthy one is checked every {@link #HEALTHY_RECHECK} only. */
    private static final Map<String, Long> LAST_HEALTHY_CHECK = new java.util.concurrent.ConcurrentHashMap<>();
    private static final long HEALTHY_RECHECK = TimeUnit.SECONDS.toNanos(30);

    /**
     * One round of health checks: containers starting or unhealthy every round (what compose's
     * depends_on and the scenarios' recovery wait on), healthy ones every 30 s, since each check
     * is a process exec and a cluster of twenty containers checked every 3 s costs a core.
     */
    private static void runPodmanHealthChecks() {
        try {
            long now = System.nanoTime();
            for (Container container : DockerClientFactory.instance().client().listContainersCmd().exec()) {
                String project = container.getLabels().getOrDefault("com.docker.compose.project", "");
                if (!project.startsWith(PROJECT_PREFIX)) {
                    continue;
                }
                boolean healthy = String.valueOf(container.getStatus()).contains("(healthy)");
                Long last = LAST_HEALTHY_CHECK.get(container.getId());
                if (healthy && last != null && now - last < HEALTHY_RECHECK) {
                    continue;
                }
                new ProcessBuilder("podman", "healthcheck", "run", container.getId())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
                if (healthy) {
                    LAST_HEALTHY_CHECK.put(container.getId(), now);
                } else {
                    LAST_HEALTHY_CHECK.remove(container.getId());
                }
            }
        } catch (Exception e) {
            System.out.println("cluster: running Podman's health checks failed this round: " + e);
        }
    }

    /** Containers, volumes and networks of an earlier run that did not get to clean up (they hold the published ports). */
    private static void removeLeftovers() {
        DockerClient docker = DockerClientFactory.instance().client();
        List<Container> leftovers = docker.listContainersCmd().withShowAll(true).exec().stream()
                .filter(c -> c.getLabels().getOrDefault("com.docker.compose.project", "").startsWith(PROJECT_PREFIX)).toList();
        if (leftovers.isEmpty()) {
            return;
        }
        System.out.printf("cluster: removing %d containers an earlier run left%n", leftovers.size());
        leftovers.forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec());
        docker.listNetworksCmd().exec().stream().filter(n -> n.getName().startsWith(PROJECT_PREFIX))
                .forEach(n -> docker.removeNetworkCmd(n.getId()).exec());
        docker.listVolumesCmd().exec().getVolumes().stream().filter(v -> v.getName().startsWith(PROJECT_PREFIX))
                .forEach(v -> docker.removeVolumeCmd(v.getName()).exec());
    }

    private static void run(Path home, String what, String... command) throws IOException, InterruptedException {
        if (!what.startsWith("docker-compose")) {
            System.out.println("cluster: " + what);
        }
        // Its output is copied line by line: a test JVM forked by Maven must not share its stdout with a child.
        Process process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start();
        try (var lines = process.inputReader().lines()) {
            lines.forEach(line -> System.out.println("  " + line));
        }
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 30 minutes");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + "); its output is above");
        }
    }

    /** A key=value file of compose/ (.env, the ops profile), values trimmed. */
    private Map<String, String> readProperties(String file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(home.resolve("compose").resolve(file))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read compose/" + file, e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name).trim()));
        return values;
    }
}
