package dev.flightdeck.compose.driver;

import static org.awaitility.Awaitility.await;

import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.database.BookingSimulator;
import dev.flightdeck.database.FlightDatabase;
import dev.flightdeck.database.SimulatorConfig;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.ops.kafka.ConsumerLag;
import dev.flightdeck.ops.reconcile.DeploymentReadModels;
import dev.flightdeck.ops.reconcile.Reconciler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Node loss on the compose cluster under booking traffic: a partition leader killed, two of three
 * brokers stopped, the KRaft controller killed, a Connect worker killed, a seat-availability
 * instance killed, a broker cut off the network. Each scenario runs the booking simulator against
 * the cluster's MySQL beside an {@code acks=all} idempotent probe producer, injects the fault,
 * heals it, waits for the cluster to be whole again, runs {@code reconcile} on every read model and
 * reads the probe topic back. It returns what it measured and judges nothing: the container suite
 * asserts, the cluster benchmark reports.
 */
public final class FaultScenarios implements AutoCloseable {

    private static final double BOOKINGS_PER_SECOND = 30;
    private static final double PROBE_PER_SECOND = 100;
    private static final Duration BEFORE = Duration.ofSeconds(10);
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration SETTLE = Duration.ofMinutes(4);
    private static final Duration RECOVERY = Duration.ofMinutes(4);
    /** Probe writes tried after the second broker stopped before the first returns: the window's first second, then two more. */
    private static final long UNSAFE_WRITES_TRIED = (long) (3 * PROBE_PER_SECOND);
    /** A KRaft node's log lines that say how far its start got: its broker's steps, its logs loaded, its errors. */
    private static final Pattern STARTUP_STEP = Pattern.compile(
            "BrokerLifecycleManager|kafka\\.server\\.BrokerServer|KafkaRaftServer|Loaded [0-9]+ logs|Exiting Kafka|\"level\":\"(ERROR|FATAL)\"");
    private static final List<String> BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");
    private static final List<String> SERVICES = List.of("kafka-1", "kafka-2", "kafka-3", "connect-1", "connect-2",
            "seat-availability-1", "seat-availability-2", "anomaly-detector-1", "anomaly-detector-2");
    private static final List<String> WATCHED_TOPICS = List.of(AckedWrites.TOPIC, "cdc.flights.booking", "flight-availability");

    private final ComposeCluster cluster;
    private final Admin admin;
    private final ConnectClient connect;
    private final DataSource bookings;
    private final Reconciler.Report firstReconcile;

    private FaultScenarios(ComposeCluster cluster) throws Exception {
        this.cluster = cluster;
        ClusterProfile profile = cluster.profile();
        // The administrator: it makes the probe's topic; the services and reconcile run as their own users.
        admin = Admin.create(cluster.adminProfile().kafkaClientConfig(Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000)));
        connect = profile.connect();
        bookings = FlightDatabase.dataSource(profile.mysqlJdbcUrl(), profile.mysqlUser(), profile.mysqlPassword());
        AckedWrites.createTopic(admin);
        awaitWhole("the cluster's first start");
        awaitCaughtUp();
        firstReconcile = reconcile(profile);
    }

    /**
     * Starts the cluster of the checkout at {@code home} (images built first), waits until it is
     * whole and its apps and sinks have read the snapshot, and reconciles once.
     */
    public static FaultScenarios start(Path home) throws Exception {
        ComposeCluster cluster = ComposeCluster.start(home);
        try {
            return new FaultScenarios(cluster);
        } catch (Exception | Error e) {
            cluster.printStates();
            cluster.close();
            throw e;
        }
    }

    public ComposeCluster cluster() {
        return cluster;
    }

    /** Reconcile's report once the snapshot was read, before any fault. */
    public Reconciler.Report firstReconcile() {
        return firstReconcile;
    }

    /** a. kill -9 the broker leading {@code cdc.flights.booking} partition 0, restart it after the outage. */
    public ScenarioResult partitionLeaderKilled() throws Exception {
        int leader = leaderOf("cdc.flights.booking", 0);
        String broker = "kafka-" + leader;
        Scenario scenario = new Scenario("a. kill -9 " + broker + ", leader of cdc.flights.booking-0");
        return scenario.run(() -> cluster.kill(broker), () -> {
            await("a new leader of cdc.flights.booking-0").atMost(RECOVERY).pollInterval(Duration.ofMillis(200))
                    .until(() -> leaderOfOrNone("cdc.flights.booking", 0) > 0 && leaderOfOrNone("cdc.flights.booking", 0) != leader);
            scenario.recovered("new leader kafka-%d in %.1f s", leaderOf("cdc.flights.booking", 0), scenario.sinceFault());
        }, () -> cluster.start(broker));
    }

    /**
     * b. Stop the two brokers that are not the active controller: with one replica of three left,
     * no write to an RF-3/min-ISR-2 topic may be acknowledged. One returns after the outage (writes
     * must be accepted again), then the other.
     */
    public ScenarioResult quorumLost() throws Exception {
        int controller = activeController();
        List<String> down = BROKERS.stream().filter(b -> !b.equals("kafka-" + controller)).toList();
        Scenario scenario = new Scenario("b. stop " + String.join(" and ", down) + " (2 of 3)", Duration.ofSeconds(20));
        return scenario.run(() -> down.forEach(cluster::stop), () -> {
            scenario.markUnsafeWindow();
            // Two orderly shutdowns can take most of the outage: the probe must still have tried writes with one broker left.
            long before = scenario.probe.tried();
            await("probe writes tried with one broker of three").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                    .until(() -> scenario.probe.tried() - before >= UNSAFE_WRITES_TRIED);
        }, () -> {
            scenario.closeUnsafeWindow();
            cluster.start(down.get(0));
            try (AckedWrites.WriteCheck check = new AckedWrites.WriteCheck(cluster.adminProfile().kafkaClientConfig())) {
                awaitOrExplain(scenario, down.get(0), "writes accepted again with " + down.get(0) + " back", Duration.ofSeconds(1),
                        check::acceptsWrites);
                scenario.recoveredSinceHealing("writes accepted %.1f s after %s started", scenario.sinceRecovery(), down.get(0));
                // The probe's own producer resumes later (see WriteCheck); it must resume, and how much later is reported.
                awaitOrExplain(scenario, down.get(0), "the probe's producer acknowledged again", Duration.ofMillis(500),
                        () -> scenario.ackedSinceRecovery() > 0);
                scenario.note("the probe's producer resumed %.1f s after %s started", scenario.sinceRecovery(), down.get(0));
            } finally {
                cluster.start(down.get(1)); // the scenarios after this one need the whole cluster, whatever this one found
            }
        });
    }

    /** Waits up to {@link #RECOVERY}; on a timeout fails with what was seen in the message, since CI's summary shows only that. */
    private void awaitOrExplain(Scenario scenario, String returned, String what, Duration poll, Callable<Boolean> condition) {
        try {
            await(what).atMost(RECOVERY).pollInterval(poll).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not within " + RECOVERY.toMinutes() + " min: " + what + "; " + whyNoWrites(scenario, returned), e);
        }
    }

    /**
     * What a scenario whose writes never came back saw, in one line: the probe's outcomes since the
     * recovery began, the quorum (each voter's log end and how long since the leader heard from it),
     * the probe's partitions, and the returned node's container and its last start-up steps. Every
     * container's state is printed too.
     */
    private String whyNoWrites(Scenario scenario, String returned) {
        Map<String, Long> outcomes = scenario.probe.sends().stream().filter(s -> s.sentNanos() > scenario.recoveryNanos)
                .collect(Collectors.groupingBy(s -> s.acked() ? "acknowledged" : s.failure(), TreeMap::new, Collectors.counting()));
        StringBuilder why = new StringBuilder("probe sends since the recovery began: " + outcomes);
        try {
            var quorum = admin.describeMetadataQuorum().quorumInfo().get();
            why.append(String.format("; KRaft leader %d (epoch %d), voters %s", quorum.leaderId(), quorum.leaderEpoch(),
                    quorum.voters().stream().map(v -> v.replicaId() + "@" + v.logEndOffset() + (v.lastFetchTimestamp().isPresent()
                            ? " fetched " + (System.currentTimeMillis() - v.lastFetchTimestamp().getAsLong()) / 1000 + " s ago" : ""))
                            .toList()));
            admin.describeTopics(List.of(AckedWrites.TOPIC)).allTopicNames().get().get(AckedWrites.TOPIC).partitions()
                    .forEach(p -> why.append(String.format("; %s-%d leader %s ISR %s ELR %s", AckedWrites.TOPIC, p.partition(),
                            p.leader() == null ? "none" : p.leader().id(), p.isr().stream().map(n -> n.id()).toList(),
                            p.elr().stream().map(n -> n.id()).toList())));
            why.append("; fenced brokers ").append(admin.describeCluster(new DescribeClusterOptions().includeFencedBrokers(true))
                    .nodes().get().stream().filter(Node::isFenced).map(Node::id).toList());
        } catch (Exception e) {
            why.append("; the quorum and the probe's partitions could not be described: ").append(e);
        }
        try {
            why.append("; ").append(cluster.recentSteps(returned, line -> STARTUP_STEP.matcher(line).find(), 6));
        } catch (RuntimeException e) {
            why.append("; ").append(returned).append("'s container could not be inspected: ").append(e);
        }
        System.out.println("cluster: " + why);
        cluster.printStates();
        return why.toString();
    }

    /** c. kill -9 the active KRaft controller: a new one must be elected by the remaining two voters. */
    public ScenarioResult controllerKilled() throws Exception {
        int controller = activeController();
        String node = "kafka-" + controller;
        Scenario scenario = new Scenario("c. kill -9 " + node + ", the active KRaft controller");
        return scenario.run(() -> cluster.kill(node), () -> {
            await("a new active controller").atMost(RECOVERY).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> {
                        int leader = admin.describeMetadataQuorum().quorumInfo().get().leaderId();
                        return leader > 0 && leader != controller;
                    });
            var quorum = admin.describeMetadataQuorum().quorumInfo().get();
            scenario.recovered("kafka-%d elected controller (epoch %d) in %.1f s", quorum.leaderId(), quorum.leaderEpoch(),
                    scenario.sinceFault());
        }, () -> cluster.start(node));
    }

    /** d. kill -9 the Connect worker running Debezium's task: every task must run on the other worker. */
    public ScenarioResult connectWorkerKilled() throws Exception {
        String captureWorker = connect.status("debezium-mysql-flights").tasks().get(0).workerId();
        String victim = captureWorker.startsWith("connect-2") ? "connect-2" : "connect-1";
        String survivor = victim.equals("connect-1") ? "connect-2" : "connect-1";
        Scenario scenario = new Scenario("d. kill -9 " + victim + ", the Connect worker running Debezium");
        // connect-1 publishes the REST port the ops profile uses; when it is the victim, the survivor is asked on its own port.
        return scenario.run(() -> cluster.kill(victim), () -> {
            await("every task running on " + survivor).atMost(RECOVERY).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> workerStatuses(survivor).stream().allMatch(s -> s.startsWith("RUNNING@" + survivor)));
            scenario.recovered("all tasks RUNNING on %s %.1f s after the kill", survivor, scenario.sinceFault());
        }, () -> cluster.start(victim));
    }

    /**
     * e. kill -9 seat-availability-1: seat-availability-2 (a standby of every store) must answer for
     * every flight; reconcile is also run asking it, with its drift under "via seat-availability-2".
     */
    public ScenarioResult seatAvailabilityInstanceKilled() throws Exception {
        String survivorUrl = "http://localhost:" + cluster.env("SEAT_AVAILABILITY_2_PORT");
        List<Long> flights = flightIds();
        Scenario scenario = new Scenario("e. kill -9 seat-availability-1");
        ScenarioResult result = scenario.run(() -> cluster.kill("seat-availability-1"), () -> {
            await("seat-availability-2 answering for all " + flights.size() + " flights").atMost(RECOVERY)
                    .pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> answersAll(survivorUrl, flights));
            scenario.recovered("seat-availability-2 answers all %d flights %.1f s after the kill", flights.size(), scenario.sinceFault());
        }, () -> cluster.start("seat-availability-1"));
        Reconciler.Report viaSecond = reconcile(cluster.profile(Map.of(ClusterProfile.SEAT_AVAILABILITY_URL_CONFIG, survivorUrl)));
        Map<String, Integer> drift = new LinkedHashMap<>(result.drift());
        viaSecond.verdicts().forEach(v -> drift.put("via seat-availability-2: " + v.model(), v.drift().size()));
        return result.withDrift(drift);
    }

    /** f. Take the broker leading probe partition 2 off the network for the outage, then put it back. */
    public ScenarioResult brokerCutOff() throws Exception {
        int id = leaderOf(AckedWrites.TOPIC, 2);
        String broker = "kafka-" + id;
        Scenario scenario = new Scenario("f. " + broker + " cut off the network 30 s, then reconnected");
        AtomicReference<ComposeCluster.Attachment> was = new AtomicReference<>();
        return scenario.run(() -> was.set(cluster.disconnect(broker)), () -> {
            await(broker + " out of the ISR of cluster-probe-2").atMost(RECOVERY).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> isrOf(AckedWrites.TOPIC, 2) == 2 && leaderOfOrNone(AckedWrites.TOPIC, 2) != id);
            scenario.recovered("partition led by %s moved, ISR 2, in %.1f s", broker, scenario.sinceFault());
        }, () -> {
            cluster.reconnect(broker, was.get());
            System.out.printf("cluster: %s back on %s at its address %s%n", broker, was.get().network(), was.get().ipv4Address());
        });
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        cluster.close();
    }

    /**
     * The active controller's node id. Asked again on a timeout: after a broker was cut off, the
     * client's connection to it can hang until its request times out, then it reconnects.
     */
    private int activeController() {
        int[] leader = {-1};
        await("the active KRaft controller").atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> {
            leader[0] = admin.describeMetadataQuorum().quorumInfo().get().leaderId();
            return leader[0] > 0;
        });
        return leader[0];
    }

    private int leaderOfOrNone(String topic, int partition) {
        try {
            return leaderOf(topic, partition);
        } catch (Exception e) {
            return -1;
        }
    }

    private int leaderOf(String topic, int partition) throws Exception {
        TopicPartitionInfo info = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().get(partition);
        return info.leader() == null ? -1 : info.leader().id();
    }

    private int isrOf(String topic, int partition) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().get(partition).isr().size();
    }

    /** Waits until every broker, worker, connector and app instance is back and every watched partition fully replicated. */
    private void awaitWhole(String after) {
        long begin = System.nanoTime();
        List<String> missing = new ArrayList<>(List.of("not asked yet"));
        long[] said = {begin};
        try {
            await("the whole cluster after " + after).atMost(RECOVERY).pollInterval(Duration.ofSeconds(1))
                    .failFast(this::noSetupStepFailed).until(() -> {
                List<String> now = notWhole();
                missing.clear();
                missing.addAll(now);
                if (!now.isEmpty() && System.nanoTime() - said[0] > Duration.ofSeconds(30).toNanos()) {
                    System.out.printf("cluster: not whole yet %.0f s after %s: %s%n", (System.nanoTime() - begin) / 1e9, after, now);
                    said[0] = System.nanoTime();
                }
                return now.isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            cluster.printStates();
            throw new IllegalStateException("the cluster was not whole " + RECOVERY.toMinutes() + " min after " + after + ": " + missing, e);
        }
        System.out.printf("cluster: whole again %.1f s after %s%n", (System.nanoTime() - begin) / 1e9, after);
    }

    /**
     * Waits until both apps and both sinks have read everything the snapshot of the demo data put
     * before them (tens of thousands of changes, on a machine the whole cluster shares), saying how
     * far behind each is every 15 s.
     */
    private void awaitCaughtUp() {
        List<String> groups = List.of("seat-availability", "anomaly-detector", "connect-redis-sink-flights", "connect-elasticsearch-sink-flights");
        Map<String, Object> kafka = cluster.profile().kafkaClientConfig();
        long begin = System.nanoTime();
        long[] reported = {begin};
        await("the apps and sinks caught up with the snapshot").atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(3))
                .failFast(this::noSetupStepFailed).ignoreExceptions().until(() -> {
                    Map<String, Long> lag = new TreeMap<>();
                    for (String group : groups) {
                        lag.put(group, ConsumerLag.ofGroup(admin, kafka, group));
                    }
                    if (System.nanoTime() - reported[0] > Duration.ofSeconds(15).toNanos()) {
                        System.out.println("cluster: records behind: " + lag);
                        reported[0] = System.nanoTime();
                    }
                    return lag.values().stream().allMatch(behind -> behind == 0);
                });
        System.out.printf("cluster: apps and sinks caught up %.0f s after the start%n", (System.nanoTime() - begin) / 1e9);
    }

    /**
     * A setup step that failed (a registration, the accounts) never runs again: what waits for its
     * work would wait out its whole deadline, so the wait ends at once, naming the step.
     */
    private void noSetupStepFailed() {
        List<String> failed = cluster.failedSteps();
        if (!failed.isEmpty()) {
            throw new AssertionError("a setup step of the cluster failed: " + String.join("; ", failed));
        }
    }

    /** What keeps the cluster from being whole: unhealthy containers, partitions short of replicas, connectors not running. */
    private List<String> notWhole() {
        List<String> problems = new ArrayList<>();
        for (String service : SERVICES) {
            if (!cluster.healthy(service)) { // the image's HEALTHCHECK: listening, not only a process
                problems.add(service + " not healthy");
            }
        }
        try {
            admin.describeTopics(WATCHED_TOPICS).allTopicNames().get()
                    .values().forEach(topic -> topic.partitions().stream().filter(p -> p.isr().size() < 3)
                            .forEach(p -> problems.add(topic.name() + "-" + p.partition() + " ISR " + p.isr().size())));
        } catch (Exception e) {
            problems.add("topics not described: " + e.getMessage());
        }
        try {
            connect.statuses().values().stream().filter(status -> !status.running())
                    .forEach(status -> problems.add(status.name() + " " + status.state() + " "
                            + status.tasks().stream().map(t -> t.state() + "@" + t.workerId() + failure(t.trace())).toList()));
        } catch (Exception e) {
            problems.add("Connect not asked: " + e.getMessage());
        }
        return problems;
    }

    /** A failed task's trace in two lines: what Connect says, and the innermost cause. */
    private static String failure(String trace) {
        if (trace == null || trace.isBlank()) {
            return "";
        }
        List<String> lines = trace.lines().toList();
        String cause = lines.stream().filter(line -> line.startsWith("Caused by:")).reduce((first, last) -> last).orElse("");
        return " (" + lines.get(0) + (cause.isEmpty() ? "" : " / " + cause) + ")";
    }

    private static Reconciler.Report reconcile(ClusterProfile profile) throws Exception {
        DeploymentReadModels models = DeploymentReadModels.of(profile);
        if (!models.skipped().isEmpty()) {
            throw new IllegalStateException("the cluster profile cannot reach these read models: " + models.skipped());
        }
        return models.reconciler().run(SETTLE, true, Progress.console(System.out));
    }

    /** Each task's state and worker, "RUNNING@connect-2:8083", as the given worker reports them. */
    private List<String> workerStatuses(String worker) {
        String port = worker.equals("connect-1") ? cluster.env("CONNECT_PORT") : cluster.env("CONNECT_2_PORT");
        ClusterProfile profile = cluster.profile();
        return new ConnectClient("https://localhost:" + port, profile.connectCredentials(), profile.connectTls()).statuses().values().stream()
                .flatMap(status -> status.tasks().stream()).map(task -> task.state() + "@" + task.workerId()).toList();
    }

    private List<Long> flightIds() throws Exception {
        List<Long> ids = new ArrayList<>();
        try (var connection = bookings.getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT id FROM flight")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    private static boolean answersAll(String baseUrl, List<Long> flights) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (long flight : flights) {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/flights/" + flight + "/availability"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() != 200) {
                return false;
            }
        }
        return true;
    }

    /** Waits until the simulator has run for {@code total} since it started: the scenario's phases are lengths of traffic. */
    private static void awaitTraffic(BookingSimulator simulator, Duration total) {
        await("booking traffic for " + total.toSeconds() + " s").atMost(total.plusMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> simulator.stats().elapsed().compareTo(total) >= 0);
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Traffic and the probe; the fault; the outage; recovery; the cluster whole again; reconcile. */
    private final class Scenario {
        private final String fault;
        private final Duration deliveryTimeout;
        private final List<String> notes = new ArrayList<>();
        private AckedWrites probe;
        private long faultNanos;
        private long recoveryNanos;
        private double recoverySeconds = Double.NaN;
        private long unsafeFromNanos = Long.MAX_VALUE;
        private long unsafeToNanos = Long.MAX_VALUE;

        Scenario(String fault) {
            this(fault, Duration.ofMinutes(2)); // the producer's default delivery timeout
        }

        /** {@code deliveryTimeout}: how long the probe's producer retries a send before it reports it failed. */
        Scenario(String fault, Duration deliveryTimeout) {
            this.fault = fault;
            this.deliveryTimeout = deliveryTimeout;
        }

        /** The scenario's own recovery, timed from the fault; the note says what it was. */
        void recovered(String format, Object... args) {
            recoverySeconds = sinceFault();
            note(format, args);
        }

        /** The scenario's own recovery, timed from the recovery step (where the fault lasts until healed by hand). */
        void recoveredSinceHealing(String format, Object... args) {
            recoverySeconds = sinceRecovery();
            note(format, args);
        }

        private void note(String format, Object... args) {
            String note = String.format(format, args);
            notes.add(note);
            System.out.println("cluster: " + fault + ": " + note);
        }

        double sinceFault() {
            return (System.nanoTime() - faultNanos) / 1e9;
        }

        double sinceRecovery() {
            return (System.nanoTime() - recoveryNanos) / 1e9;
        }

        /** From now until {@link #closeUnsafeWindow} one broker of three runs: no write may be acknowledged. */
        void markUnsafeWindow() {
            unsafeFromNanos = System.nanoTime() + 1_000_000_000L; // acknowledgements already on their way when the second broker stopped
        }

        void closeUnsafeWindow() {
            unsafeToNanos = System.nanoTime();
        }

        long ackedSinceRecovery() {
            return probe.sends().stream().filter(s -> s.acked() && s.ackedNanos() > recoveryNanos).count();
        }

        ScenarioResult run(Step inject, Step during, Step recover) throws Exception {
            System.out.println("\ncluster: scenario: " + fault);
            BookingSimulator simulator = new BookingSimulator(bookings, SimulatorConfig.defaults().withRate(BOOKINGS_PER_SECOND));
            probe = new AckedWrites(cluster.adminProfile().kafkaClientConfig(), "run-" + System.currentTimeMillis(), PROBE_PER_SECOND, deliveryTimeout);
            Histogram before;
            try {
                simulator.start();
                awaitTraffic(simulator, BEFORE);
                before = probe.latencySinceLastCall();
                faultNanos = System.nanoTime();
                inject.run();
                during.run();
                awaitTraffic(simulator, BEFORE.plus(OUTAGE));
                recoveryNanos = System.nanoTime();
                recover.run();
                awaitTraffic(simulator, BEFORE.plus(OUTAGE).plus(BEFORE));
            } finally {
                simulator.stop();
                simulator.awaitTermination(Duration.ofSeconds(30));
                probe.stop();
            }
            Histogram inFault = probe.latencySinceLastCall();
            awaitWhole(fault);
            double whole = (System.nanoTime() - recoveryNanos) / 1e9;
            Reconciler.Report report = reconcile(cluster.profile());
            Map<String, Integer> drift = new LinkedHashMap<>();
            report.verdicts().forEach(v -> drift.put(v.model(), v.drift().size()));
            List<AckedWrites.Send> sends = probe.sends();
            long acknowledged = sends.stream().filter(AckedWrites.Send::acked).count();
            long acknowledgedUnsafe = sends.stream()
                    .filter(s -> s.acked() && s.ackedNanos() >= unsafeFromNanos && s.ackedNanos() <= unsafeToNanos).count();
            long sentUnsafe = sends.stream().filter(s -> s.sentNanos() >= unsafeFromNanos && s.sentNanos() <= unsafeToNanos).count();
            Map<String, Long> refusedBy = sends.stream().filter(s -> !s.acked())
                    .collect(Collectors.groupingBy(AckedWrites.Send::failure, TreeMap::new, Collectors.counting()));
            AckedWrites.Readback readback = probe.readBack();
            probe.close();
            ScenarioResult result = new ScenarioResult(fault, List.copyOf(notes), recoverySeconds, whole, acknowledged, readback.lost(),
                    readback.duplicates(), sends.size() - acknowledged, refusedBy, before.getValueAtPercentile(99) / 1000.0,
                    inFault.getValueAtPercentile(99) / 1000.0, drift, acknowledgedUnsafe, sentUnsafe);
            System.out.println("cluster: " + result.markdownRow());
            return result;
        }
    }
}
