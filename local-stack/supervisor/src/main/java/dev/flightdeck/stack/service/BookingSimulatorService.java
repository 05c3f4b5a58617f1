package dev.flightdeck.stack.service;

import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.process.HealthCheck;
import dev.flightdeck.stack.process.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The booking simulator as a background process: steady booking traffic against MySQL until {@code down}. */
public final class BookingSimulatorService extends LocalService {

    /** The line the simulator logs once it has connected and found the flights on sale. */
    static final String STARTED_LINE = "booking simulator starting";

    @Override
    public ServiceId id() {
        return ServiceId.SIMULATOR;
    }

    @Override
    public List<PortSpec> ports() {
        return List.of();
    }

    @Override
    public List<ServiceId> requires() {
        return List.of(ServiceId.MYSQL);
    }

    /** Booking traffic begins once the pipeline is up, so that it does not compete with the start. */
    @Override
    public boolean startsLast() {
        return true;
    }

    @Override
    public ServiceProcess.Launch launch(StackContext ctx) {
        // Its live heap was 10 MiB in a running stack: it holds its database sessions and no state between bookings.
        List<String> command = new ArrayList<>(ctx.javaCommand(id(), "64m"));
        command.addAll(ctx.javaProgram(ctx.layout().databaseClasspath(), "dev.flightdeck.database.SimulatorMain"));
        command.addAll(List.of(
                "--jdbc-url", ctx.endpoints().mysql().jdbcUrl(),
                "--user", ctx.secrets().mysqlAppUser(),
                "--rate", String.format(Locale.ROOT, "%.1f", ctx.options().simulatorRate())));
        return new ServiceProcess.Launch(command,
                Map.of("FLIGHTDECK_MYSQL_APP_PASSWORD", ctx.secrets().mysqlAppPassword()),
                ctx.serviceDir(id()), ctx.layout().logFile(id()));
    }

    @Override
    public HealthCheck health(StackContext ctx) {
        return () -> ServiceProcess.logSince(ctx.layout().logFile(id()), ctx.state().service(id()).logStart)
                .contains(STARTED_LINE);
    }

    @Override
    public Duration stopGrace() {
        return Duration.ofSeconds(15);
    }
}
