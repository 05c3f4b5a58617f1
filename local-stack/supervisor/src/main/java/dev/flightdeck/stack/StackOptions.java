package dev.flightdeck.stack;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@code up} should start and how.
 *
 * @param services       which services to start (their prerequisites must be among them or running)
 * @param explicitPorts  ports the user asked for, keyed by the flag that sets them (e.g. {@code --mysql-port})
 * @param simulatorRate  booking transactions per second of the background simulator
 * @param waitForSnapshot whether {@code up} waits until Debezium's initial snapshot is in Kafka
 */
public record StackOptions(Set<ServiceId> services, Map<String, Integer> explicitPorts, double simulatorRate,
                           boolean waitForSnapshot, boolean insecureKafka) {

    public static final double DEFAULT_SIMULATOR_RATE = 20;

    public StackOptions {
        services = services.isEmpty() ? EnumSet.noneOf(ServiceId.class) : EnumSet.copyOf(services);
        explicitPorts = new TreeMap<>(explicitPorts);
    }

    /** Everything, with the simulator: what {@code ./flightdeck up} does. */
    public static StackOptions everything() {
        return new StackOptions(EnumSet.allOf(ServiceId.class), Map.of(), DEFAULT_SIMULATOR_RATE, true, false);
    }

    /** Everything but the simulator: for tests and benchmarks that make their own traffic. */
    public static StackOptions withoutSimulator() {
        return only(EnumSet.complementOf(EnumSet.of(ServiceId.SIMULATOR)));
    }

    public static StackOptions only(Set<ServiceId> services) {
        return new StackOptions(services, Map.of(), DEFAULT_SIMULATOR_RATE, true, false);
    }

    public StackOptions withPorts(Map<String, Integer> ports) {
        return new StackOptions(services, ports, simulatorRate, waitForSnapshot, insecureKafka);
    }

    public StackOptions withSimulatorRate(double rate) {
        return new StackOptions(services, explicitPorts, rate, waitForSnapshot, insecureKafka);
    }

    /** Kafka's client listener in PLAINTEXT with no authentication or ACLs: only for measuring what security costs. */
    public StackOptions withInsecureKafka(boolean insecure) {
        return new StackOptions(services, explicitPorts, simulatorRate, waitForSnapshot, insecure);
    }
}
