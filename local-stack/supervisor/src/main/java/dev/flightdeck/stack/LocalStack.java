package dev.flightdeck.stack;

import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.database.FlightDatabase;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.ops.status.DeploymentStatus;
import dev.flightdeck.ops.status.SinkCounters;
import dev.flightdeck.stack.process.HealthCheck;
import dev.flightdeck.stack.process.Ports;
import dev.flightdeck.stack.process.Readiness;
import dev.flightdeck.stack.process.ServiceProcess;
import dev.flightdeck.stack.process.StackLock;
import dev.flightdeck.stack.process.StackState;
import dev.flightdeck.stack.service.AnomalyDetectorService;
import dev.flightdeck.stack.service.BookingSimulatorService;
import dev.flightdeck.stack.service.ConnectWorker;
import dev.flightdeck.stack.service.ElasticsearchNode;
import dev.flightdeck.stack.service.AlertmanagerServer;
import dev.flightdeck.stack.service.KafkaBroker;
import dev.flightdeck.stack.service.LagExporterService;
import dev.flightdeck.stack.service.MetricsExporter;
import dev.flightdeck.stack.service.PrometheusServer;
import dev.flightdeck.stack.service.LocalService;
import dev.flightdeck.stack.service.MySqlServer;
import dev.flightdeck.stack.service.RedisServer;
import dev.flightdeck.stack.service.SchemaRegistry;
import dev.flightdeck.stack.service.SearchService;
import dev.flightdeck.stack.service.SeatAvailabilityService;
import dev.flightdeck.stack.service.StackConnectors;
import dev.flightdeck.stack.service.StackContext;
import dev.flightdeck.stack.service.WorkerSinkCounters;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;

/**
 * The embedded default: starts each service as its own process, side by side with those that do
 * not depend on it, health-checked before what depends on it starts, and leaves them running until
 * {@link #down}. A second {@link #up} resumes with the
 * data kept and the same ports. This is also the API integration tests drive.
 */
public final class LocalStack {

    private final StackLayout layout;
    private final Map<ServiceId, LocalService> services = new EnumMap<>(ServiceId.class);
    /** Held by a starting service while it changes the stack's state (ports, pids, the state file, the profile). */
    private final Object stateLock = new Object();
    /** The services whose ports this {@code up} chose before launching any; guarded by {@link #stateLock}. */
    private final Set<ServiceId> portsChosenUpFront = EnumSet.noneOf(ServiceId.class);

    public LocalStack(StackLayout layout) {
        this.layout = layout;
        for (LocalService service : allServices()) {
            services.put(service.id(), service);
        }
    }

    /** Every service of the stack, once each. */
    static List<LocalService> allServices() {
        return List.of(new MySqlServer(), new KafkaBroker(), new SchemaRegistry(),
                new ConnectWorker(), new SeatAvailabilityService(), new AnomalyDetectorService(), new ElasticsearchNode(), new RedisServer(),
                new SearchService(), new LagExporterService(), new MetricsExporter.Mysql(), new MetricsExporter.Redis(),
                new MetricsExporter.Elasticsearch(), new AlertmanagerServer(), new PrometheusServer(), new BookingSimulatorService());
    }

    public StackLayout layout() {
        return layout;
    }

    public StackEndpoints up(StackOptions options, Progress progress) {
        try (StackLock lock = StackLock.acquire(layout)) {
            StackState state = StackState.load(layout.stateFile());
            StackContext ctx = new StackContext(layout, state, StackSecrets.loadOrCreate(layout.secretsFile()), options, progress);
            checkRequirements(options, ctx);
            progress.note("Flightdeck local stack in " + layout.dataDir());
            chooseKafkaSecurity(options, ctx);
            // Services start side by side below: what they share is made here, once.
            options.services().forEach(state::service);
            ctx.certificates();
            choosePortsUpFront(ctx);
            startAll(ctx);
            return ctx.endpoints();
        }
    }

    /**
     * Starts each service as soon as what it launches after is up, side by side with the others,
     * and registers each connector as soon as what it needs is up. A running service left out of
     * this up is restarted too when a service it talks to moved. The first failure stops what is
     * still starting and is thrown.
     */
    private void startAll(StackContext ctx) {
        Map<ServiceId, CompletableFuture<Void>> up = new EnumMap<>(ServiceId.class);
        List<CompletableFuture<Void>> connectors = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (ExecutorService steps = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Void> capture = null;
            for (ServiceId id : ServiceId.values()) {
                LocalService service = services.get(id);
                if (service.startsLast()) {
                    continue;
                }
                CompletableFuture<Void> settleGate = after(up, service.settlesAfter(), id);
                if (service.settlesAfterSnapshot()) {
                    settleGate = CompletableFuture.allOf(settleGate, Objects.requireNonNull(capture, "the capture is registered after Connect"));
                }
                CompletableFuture<Void> gate = settleGate;
                up.put(id, step(steps, failure, after(up, service.launchesAfter(), id), () -> startIfWanted(service, ctx, gate)));
                if (id == ServiceId.CONNECT) {
                    capture = connector(steps, failure, up, ctx, StackConnectors.ALL.stream().filter(spec -> !spec.sink()).findFirst().orElseThrow());
                    connectors.add(capture);
                }
            }
            StackConnectors.ALL.stream().filter(StackConnectors.Spec::sink)
                    .forEach(spec -> connectors.add(connector(steps, failure, up, ctx, spec)));
            List<CompletableFuture<Void>> everything = new ArrayList<>(up.values());
            everything.addAll(connectors);
            CompletableFuture<Void> rest = CompletableFuture.allOf(everything.toArray(CompletableFuture[]::new));
            for (ServiceId id : ServiceId.values()) {
                if (services.get(id).startsLast()) {
                    up.put(id, step(steps, failure, rest, () -> startIfWanted(services.get(id), ctx, CompletableFuture.completedFuture(null))));
                }
            }
            try {
                CompletableFuture.allOf(up.values().toArray(CompletableFuture[]::new)).join();
            } catch (CompletionException | CancellationException e) {
                // the first failure, recorded by its step, is thrown below
            }
        }
        Throwable first = failure.get();
        if (first instanceof StackException e) {
            throw e;
        }
        if (first != null) {
            throw new StackException(first.getMessage() != null ? first.getMessage() : first.toString(), first);
        }
    }

    /** What {@code id} waits for: the steps of the given services (each one before it in {@link ServiceId}'s order). */
    private static CompletableFuture<Void> after(Map<ServiceId, CompletableFuture<Void>> up, List<ServiceId> before, ServiceId id) {
        return CompletableFuture.allOf(before.stream().map(dep -> {
            CompletableFuture<Void> step = up.get(dep);
            if (step == null) {
                throw new IllegalStateException(id + " waits for " + dep + ", which comes after it in ServiceId");
            }
            return step;
        }).toArray(CompletableFuture[]::new));
    }

    private interface Step {
        void run() throws Exception;
    }

    /**
     * Runs {@code step} on its own thread once {@code gate} is done, unless something failed
     * already; the first failure is recorded and stops every step still running (interrupting it).
     */
    private static CompletableFuture<Void> step(ExecutorService steps, AtomicReference<Throwable> failure, CompletableFuture<Void> gate,
                                                Step step) {
        return gate.thenRunAsync(() -> {
            if (failure.get() != null) {
                throw new CancellationException("an earlier step failed");
            }
            try {
                step.run();
            } catch (Exception | Error e) {
                if (failure.compareAndSet(null, e)) {
                    steps.shutdownNow();
                }
                throw new CompletionException(e);
            }
        }, steps);
    }

    private CompletableFuture<Void> connector(ExecutorService steps, AtomicReference<Throwable> failure,
                                              Map<ServiceId, CompletableFuture<Void>> up, StackContext ctx, StackConnectors.Spec spec) {
        List<ServiceId> needs = new ArrayList<>(spec.needs());
        needs.addAll(List.of(ServiceId.CONNECT, ServiceId.KAFKA));
        return step(steps, failure, after(up, needs, ServiceId.CONNECT), () -> {
            try {
                StackConnectors.registerIfReady(ctx, spec, id -> isRunning(id, ctx));
            } catch (StackException e) {
                throw e;
            } catch (Exception e) {
                throw new StackException("registering connectors: " + (e.getMessage() != null ? e.getMessage() : e.toString())
                        + Readiness.logTail(layout.logFile(ServiceId.CONNECT)), e);
            }
        });
    }

    private void startIfWanted(LocalService service, StackContext ctx, CompletableFuture<Void> settleGate) {
        ServiceId id = service.id();
        boolean wanted;
        synchronized (stateLock) {
            wanted = ctx.options().services().contains(id) || isRunning(id, ctx) && service.outdated(ctx) != null;
        }
        if (wanted) {
            start(service, ctx, settleGate);
            synchronized (stateLock) {
                StackProfile.write(ctx);
            }
        }
    }

    /**
     * Kafka's security is chosen for the whole stack at once, when it starts: every client must
     * match its broker, so a running stack keeps its choice (an {@code up} of some services on an
     * insecure stack stays insecure) until it is stopped.
     */
    private void chooseKafkaSecurity(StackOptions options, StackContext ctx) {
        boolean running = java.util.Arrays.stream(ServiceId.values()).anyMatch(id -> isRunning(id, ctx));
        if (running && options.insecureKafka() && !ctx.state().kafkaInsecure) {
            throw new StackException("the stack runs with Kafka secured; stop it first (./flightdeck down), then up --insecure");
        }
        if (!running) {
            ctx.state().kafkaInsecure = options.insecureKafka();
        }
        if (ctx.state().kafkaInsecure) {
            ctx.progress().note("""
                    WARNING: --insecure: Kafka's client listener is PLAINTEXT with no authentication and no ACLs:
                             anyone who reaches its port reads and writes every topic, bookings and passengers
                             included. For measuring what security costs only; the next up without --insecure
                             (after a down) secures it again. Connect, the registry, Redis and MySQL stay secured.""");
        }
    }

    private void checkRequirements(StackOptions options, StackContext ctx) {
        for (ServiceId id : options.services()) {
            for (ServiceId needed : services.get(id).requires()) {
                if (!options.services().contains(needed) && !isRunning(needed, ctx)) {
                    throw new StackException(id + " needs " + needed + ", which is neither running nor asked for");
                }
            }
        }
    }

    private void start(LocalService service, StackContext ctx) {
        start(service, ctx, CompletableFuture.completedFuture(null));
    }

    /**
     * Launches the service (or finds it running), waits until it is healthy, then, once
     * {@code settleGate} is done, runs its {@link LocalService#afterReady}. Whatever changes the
     * stack's state is done under {@link #stateLock}; the waits are not, so that services start
     * side by side.
     */
    private void start(LocalService service, StackContext ctx, CompletableFuture<Void> settleGate) {
        ServiceId id = service.id();
        StackState.ServiceRecord record;
        long begin;
        boolean launched = false;
        String prepared = "";
        try {
            synchronized (stateLock) {
                record = ctx.state().service(id);
                String outdated = isRunning(id, ctx) ? service.outdated(ctx) : null;
                if (outdated != null) {
                    ctx.progress().note(String.format("  %-22s restarting: %s", id.key(), outdated));
                    stopOne(id, ctx);
                }
                begin = System.nanoTime();
                if (isRunning(id, ctx)) {
                    progress(ctx).begin(id.key(), "already running (pid " + record.pid + ")");
                } else {
                    if (!portsChosenUpFront.contains(id)) {
                        choosePorts(service, ctx); // a service this up restarts, as one it talks to moved
                    }
                    ctx.state().save(layout.stateFile());
                    progress(ctx).begin(id.key(), ("starting " + service.describePorts(ctx)).trim());
                    Files.createDirectories(layout.serviceDir(id));
                    prepared = service.prepare(ctx);
                    ctx.state().save(layout.stateFile());
                    begin = System.nanoTime();
                    ServiceProcess.Launch launch = service.launch(ctx);
                    record.logStart = Files.exists(launch.logFile()) ? Files.size(launch.logFile()) : 0L;
                    record.pid = ServiceProcess.start(launch);
                    record.startedAt = Instant.now().toString();
                    ctx.state().save(layout.stateFile());
                    launched = true;
                }
            }
            Duration healthy = Readiness.await(id, record.pid, service.marker(ctx), service.health(ctx), service.startTimeout(),
                    layout.logFile(id), ctx.progress());
            Duration ready = launched ? healthy : Duration.ofNanos(System.nanoTime() - begin);
            settleGate.join();
            String after = service.afterReady(ctx);
            ctx.progress().done(id.key(), ready, join(prepared, after));
        } catch (StackException e) {
            throw e;
        } catch (CompletionException e) {
            throw new StackException(id + ": not settled, as what it catches up with did not come up: " + e.getCause().getMessage(), e);
        } catch (Exception e) {
            throw new StackException(id + ": " + (e.getMessage() != null ? e.getMessage() : e.toString())
                    + Readiness.logTail(layout.logFile(id)), e);
        }
    }

    private static Progress progress(StackContext ctx) {
        return ctx.progress();
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "; " + b;
    }

    /**
     * Ports for every service this {@code up} launches, chosen before any of them launches: a
     * service can then start beside one whose address its config names (Connect beside the
     * registry) and never be given a null address.
     */
    private void choosePortsUpFront(StackContext ctx) {
        synchronized (stateLock) {
            portsChosenUpFront.clear();
            for (ServiceId id : ctx.options().services()) {
                if (!isRunning(id, ctx)) {
                    choosePorts(services.get(id), ctx);
                    portsChosenUpFront.add(id);
                }
            }
            ctx.state().save(layout.stateFile());
        }
    }

    private void choosePorts(LocalService service, StackContext ctx) {
        Set<Integer> taken = new HashSet<>();
        for (Map.Entry<String, StackState.ServiceRecord> other : ctx.state().services.entrySet()) {
            if (!other.getKey().equals(service.id().key())) {
                taken.addAll(other.getValue().ports.values());
            }
        }
        StackState.ServiceRecord record = ctx.state().service(service.id());
        Map<String, Integer> chosen = new TreeMap<>();
        for (LocalService.PortSpec spec : service.ports()) {
            int port = Ports.choose(new Ports.Request(service.id().key(), spec.name(), spec.flag(),
                    ctx.options().explicitPorts().get(spec.flag()), record.ports.get(spec.name())), taken);
            taken.add(port);
            chosen.put(spec.name(), port);
        }
        record.ports = chosen;
    }

    /** Stops every running service, newest first, each with SIGTERM and a grace period. */
    public void down(Progress progress) {
        try (StackLock lock = StackLock.acquire(layout)) {
            StackState state = StackState.load(layout.stateFile());
            StackContext ctx = context(state, progress);
            List<ServiceId> order = new ArrayList<>(List.of(ServiceId.values()));
            java.util.Collections.reverse(order);
            for (ServiceId id : order) {
                stopOne(id, ctx);
            }
            state.save(layout.stateFile());
        }
    }

    /** Stops one service cleanly (SIGTERM); {@code up} starts it again. */
    public void stop(ServiceId id, Progress progress) {
        try (StackLock lock = StackLock.acquire(layout)) {
            StackState state = StackState.load(layout.stateFile());
            stopOne(id, context(state, progress));
            state.save(layout.stateFile());
        }
    }

    private void stopOne(ServiceId id, StackContext ctx) {
        StackState.ServiceRecord record = ctx.state().services.get(id.key());
        if (record == null || record.pid == null) {
            return;
        }
        if (isRunning(id, ctx)) {
            long begin = System.nanoTime();
            boolean clean = ServiceProcess.stop(record.pid, services.get(id).stopGrace());
            ctx.progress().note(String.format("  %-22s stopped in %s%s", id.key(),
                    Progress.seconds(Duration.ofNanos(System.nanoTime() - begin)),
                    clean ? "" : " (did not stop within its grace period: killed)"));
        }
        record.pid = null;
    }

    /**
     * Gives the booking application's MySQL account a new password with no moment where it is
     * refused: MySQL keeps the old password beside the new one while the secrets file, the
     * profile's password file and the simulator (restarted at its current rate) move to the new
     * one; then the old one is discarded. Returns what it did, a line per step.
     */
    public List<String> rotateMysqlAppPassword(Progress progress) {
        try (StackLock lock = StackLock.acquire(layout)) {
            StackState state = StackState.load(layout.stateFile());
            StackContext before = context(state, progress);
            if (!isRunning(ServiceId.MYSQL, before)) {
                throw new StackException("mysql is not running: ./flightdeck up first");
            }
            List<String> steps = new ArrayList<>();
            StackSecrets secrets = before.secrets().withNewPassword(layout.secretsFile(), "mysql.app");
            StackContext ctx = new StackContext(layout, state, secrets, simulatorOptions(before), progress);
            String user = secrets.mysqlAppUser();
            try (Connection root = DriverManager.getConnection(MySqlServer.adminUrl(ctx), "root", secrets.mysqlRootPassword())) {
                FlightDatabase.addPasswordKeepingCurrent(root, user, FlightDatabase.THIS_HOST, secrets.mysqlAppPassword());
                steps.add(user + " accepts a new password beside the old one");
                StackProfile.write(ctx);
                steps.add("the profile's password file " + StackProfile.passwordFile(layout) + " holds the new one");
                if (isRunning(ServiceId.SIMULATOR, ctx)) {
                    stopOne(ServiceId.SIMULATOR, ctx);
                    start(services.get(ServiceId.SIMULATOR), ctx);
                    steps.add("the booking simulator restarted with it");
                }
                FlightDatabase.discardOldPassword(root, user, FlightDatabase.THIS_HOST);
                steps.add("the old password is refused from now on");
            } catch (SQLException e) {
                throw new StackException("cannot reach MySQL as root to rotate " + user + "'s password: " + e.getMessage()
                        + "; the new password is in " + layout.secretsFile() + ", and ./flightdeck rotate mysql-app again "
                        + "finishes the rotation", e);
            }
            state.save(layout.stateFile());
            return steps;
        }
    }

    /** The options a restarted simulator needs: the rate it runs at now, read from its command line. */
    private StackOptions simulatorOptions(StackContext ctx) {
        StackOptions options = StackOptions.everything();
        StackState.ServiceRecord record = ctx.state().services.get(ServiceId.SIMULATOR.key());
        if (record == null || record.pid == null) {
            return options;
        }
        String[] arguments = ProcessHandle.of(record.pid).flatMap(p -> p.info().arguments()).orElse(new String[0]);
        for (int i = 0; i + 1 < arguments.length; i++) {
            if ("--rate".equals(arguments[i])) {
                return options.withSimulatorRate(Double.parseDouble(arguments[i + 1]));
            }
        }
        return options;
    }

    /** SIGKILL, for fault tests: the process gets no chance to flush or commit anything. */
    public void kill(ServiceId id) {
        try (StackLock lock = StackLock.acquire(layout)) {
            StackState state = StackState.load(layout.stateFile());
            StackState.ServiceRecord record = state.services.get(id.key());
            StackContext ctx = context(state, Progress.console(System.out));
            if (record == null || !isRunning(id, ctx)) {
                throw new StackException(id + " is not running");
            }
            ServiceProcess.kill(record.pid);
        }
    }

    public StackStatus status() {
        StackState state = StackState.load(layout.stateFile());
        StackContext ctx = context(state, Progress.console(System.out));
        List<StackStatus.ServiceStatus> list = new ArrayList<>();
        for (ServiceId id : ServiceId.values()) {
            StackState.ServiceRecord record = state.services.get(id.key());
            if (record == null) {
                list.add(new StackStatus.ServiceStatus(id, null, "not started", Map.of(), null, -1, layout.logFile(id)));
                continue;
            }
            boolean running = isRunning(id, ctx);
            String health = running ? probe(services.get(id).health(ctx)) : null;
            String state_ = running ? "running" : record.pid != null ? "dead" : "stopped";
            list.add(new StackStatus.ServiceStatus(id, running ? record.pid : null, state_, record.ports, health,
                    running ? ServiceProcess.residentMiB(record.pid) : -1, layout.logFile(id)));
        }
        SinkCounters sinks = null;
        String sinksUnreadable = null;
        if (isRunning(ServiceId.CONNECT, ctx)) {
            try {
                sinks = WorkerSinkCounters.read(state.services.get(ServiceId.CONNECT.key()).pid);
            } catch (java.io.IOException e) {
                sinksUnreadable = e.getMessage();
            }
        }
        DeploymentStatus deployment = Files.isRegularFile(profileFile())
                ? DeploymentStatus.read(ClusterProfile.load(profileFile())) : null;
        return new StackStatus(layout.dataDir(), profileFile(), StackProfile.passwordFile(layout), StackProfile.connectPasswordFile(layout),
                searchApiKeyFile(), list,
                ctx.endpoints(), deployment, sinks, sinksUnreadable);
    }

    /** "ok", or why the health check failed; bounded in time so status never hangs. */
    private static String probe(HealthCheck check) {
        try {
            Boolean ok = CompletableFuture.supplyAsync(() -> {
                try {
                    return check.healthy();
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage() != null ? e.getMessage() : e.toString(), e);
                }
            }).get(5, TimeUnit.SECONDS);
            return ok ? "ok" : "not ready";
        } catch (java.util.concurrent.TimeoutException e) {
            return "no answer within 5 s";
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "failing: " + cause.getMessage();
        }
    }

    /** The sink connectors' counters from the running Connect worker (written, skipped as not newer). */
    public SinkCounters sinkCounters() throws java.io.IOException {
        StackState.ServiceRecord connect = StackState.load(layout.stateFile()).services.get(ServiceId.CONNECT.key());
        if (connect == null || !isRunning(ServiceId.CONNECT)) {
            throw new StackException("connect is not running");
        }
        return WorkerSinkCounters.read(connect.pid);
    }

    /** The stack's cluster profile, which every ops command takes (written once Kafka has started). */
    public Path profileFile() {
        return StackProfile.file(layout);
    }

    /** The file holding the search service's API key for the local user, which the service writes at its first start. */
    public Path searchApiKeyFile() {
        return SearchService.apiKeyFile(layout);
    }

    public StackEndpoints endpoints() {
        StackState state = StackState.load(layout.stateFile());
        return StackEndpoints.of(state, StackSecrets.loadOrCreate(layout.secretsFile()));
    }

    public boolean isRunning(ServiceId id) {
        return isRunning(id, context(StackState.load(layout.stateFile()), Progress.console(System.out)));
    }

    private boolean isRunning(ServiceId id, StackContext ctx) {
        StackState.ServiceRecord record = ctx.state().services.get(id.key());
        return record != null && ServiceProcess.isRunning(record.pid, services.get(id).marker(ctx));
    }

    private StackContext context(StackState state, Progress progress) {
        return new StackContext(layout, state, StackSecrets.loadOrCreate(layout.secretsFile()),
                StackOptions.everything(), progress);
    }
}
