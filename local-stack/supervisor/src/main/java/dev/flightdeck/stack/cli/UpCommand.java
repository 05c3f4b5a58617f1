package dev.flightdeck.stack.cli;

import dev.flightdeck.ops.Progress;
import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackEndpoints;
import dev.flightdeck.stack.StackOptions;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(mixinStandardHelpOptions = true, name = "up", description = "Starts every service (or resumes a stopped stack with its data) and returns once all are healthy.")
public final class UpCommand extends StackCommand implements Callable<Integer> {

    @Option(names = "--mysql-port", paramLabel = "PORT", description = "MySQL port (default: the last one used, else a free one).")
    Integer mysqlPort;
    @Option(names = "--kafka-port", paramLabel = "PORT", description = "Kafka broker port.")
    Integer kafkaPort;
    @Option(names = "--kafka-controller-port", paramLabel = "PORT", description = "Kafka KRaft controller port.")
    Integer kafkaControllerPort;
    @Option(names = "--insecure", description = "Kafka's client listener in PLAINTEXT with no authentication and no ACLs, "
            + "for measuring what security costs (says so loudly; a running stack must be stopped first).")
    boolean insecure;
    @Option(names = "--kafka-internal-port", paramLabel = "PORT",
            description = "Kafka's internal listener: inter-broker traffic and the stack's administrator, TLS with client certificates.")
    Integer kafkaInternalPort;
    @Option(names = "--registry-port", paramLabel = "PORT", description = "Schema registry HTTP port.")
    Integer registryPort;
    @Option(names = "--registry-management-port", paramLabel = "PORT", description = "Schema registry health/metrics port.")
    Integer registryManagementPort;
    @Option(names = "--connect-port", paramLabel = "PORT", description = "Kafka Connect REST port.")
    Integer connectPort;
    @Option(names = "--seat-availability-port", paramLabel = "PORT", description = "HTTP port of the seat-availability app.")
    Integer seatAvailabilityPort;
    @Option(names = "--seat-availability-ops-port", paramLabel = "PORT",
            description = "Health and metrics port of the seat-availability app.")
    Integer seatAvailabilityOpsPort;
    @Option(names = "--anomaly-detector-port", paramLabel = "PORT", description = "Health and metrics port of the anomaly-detector app.")
    Integer anomalyDetectorPort;
    @Option(names = "--search-port", paramLabel = "PORT", description = "HTTP port of the search service (web page and API).")
    Integer searchPort;
    @Option(names = "--search-ops-port", paramLabel = "PORT", description = "Health and metrics port of the search service.")
    Integer searchOpsPort;
    @Option(names = "--elasticsearch-port", paramLabel = "PORT", description = "Elasticsearch HTTP port.")
    Integer elasticsearchPort;
    @Option(names = "--redis-port", paramLabel = "PORT", description = "Redis port.")
    Integer redisPort;
    @Option(names = "--kafka-metrics-port", paramLabel = "PORT", description = "Prometheus metrics port of the Kafka broker (JMX exporter agent).")
    Integer kafkaMetricsPort;
    @Option(names = "--connect-metrics-port", paramLabel = "PORT", description = "Prometheus metrics port of the Connect worker (JMX exporter agent).")
    Integer connectMetricsPort;
    @Option(names = "--registry-metrics-port", paramLabel = "PORT", description = "Prometheus metrics port of the schema registry (JMX exporter agent).")
    Integer registryMetricsPort;
    @Option(names = "--lag-exporter-port", paramLabel = "PORT", description = "Port of the consumer-lag exporter.")
    Integer lagExporterPort;
    @Option(names = "--mysqld-exporter-port", paramLabel = "PORT", description = "Port of the MySQL metrics exporter.")
    Integer mysqldExporterPort;
    @Option(names = "--redis-exporter-port", paramLabel = "PORT", description = "Port of the Redis metrics exporter.")
    Integer redisExporterPort;
    @Option(names = "--elasticsearch-exporter-port", paramLabel = "PORT", description = "Port of the Elasticsearch metrics exporter.")
    Integer elasticsearchExporterPort;
    @Option(names = "--prometheus-port", paramLabel = "PORT", description = "Prometheus HTTP port (UI, API).")
    Integer prometheusPort;
    @Option(names = "--alertmanager-port", paramLabel = "PORT", description = "Alertmanager HTTP port (UI, API).")
    Integer alertmanagerPort;

    @Option(names = "--no-simulator", description = "Do not start the background booking simulator.")
    boolean noSimulator;
    @Option(names = "--rate", paramLabel = "TX_PER_S", defaultValue = "20",
            description = "Booking transactions per second of the background simulator (default: ${DEFAULT-VALUE}).")
    double rate;
    @Option(names = "--services", split = ",", paramLabel = "NAME",
            description = "Start only these services (and nothing else), e.g. mysql,kafka.")
    List<String> only;

    @Override
    public Integer call() {
        Set<ServiceId> services = EnumSet.noneOf(ServiceId.class);
        if (only != null && !only.isEmpty()) {
            only.forEach(name -> services.add(ServiceId.parse(name)));
        } else {
            services.addAll(EnumSet.allOf(ServiceId.class));
        }
        if (noSimulator) {
            services.remove(ServiceId.SIMULATOR);
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        put(ports, "--mysql-port", mysqlPort);
        put(ports, "--kafka-port", kafkaPort);
        put(ports, "--kafka-controller-port", kafkaControllerPort);
        put(ports, "--kafka-internal-port", kafkaInternalPort);
        put(ports, "--registry-port", registryPort);
        put(ports, "--registry-management-port", registryManagementPort);
        put(ports, "--connect-port", connectPort);
        put(ports, "--seat-availability-port", seatAvailabilityPort);
        put(ports, "--seat-availability-ops-port", seatAvailabilityOpsPort);
        put(ports, "--anomaly-detector-port", anomalyDetectorPort);
        put(ports, "--search-port", searchPort);
        put(ports, "--search-ops-port", searchOpsPort);
        put(ports, "--elasticsearch-port", elasticsearchPort);
        put(ports, "--redis-port", redisPort);
        put(ports, "--kafka-metrics-port", kafkaMetricsPort);
        put(ports, "--connect-metrics-port", connectMetricsPort);
        put(ports, "--registry-metrics-port", registryMetricsPort);
        put(ports, "--lag-exporter-port", lagExporterPort);
        put(ports, "--mysqld-exporter-port", mysqldExporterPort);
        put(ports, "--redis-exporter-port", redisExporterPort);
        put(ports, "--elasticsearch-exporter-port", elasticsearchExporterPort);
        put(ports, "--prometheus-port", prometheusPort);
        put(ports, "--alertmanager-port", alertmanagerPort);
        if (rate <= 0) {
            throw new IllegalArgumentException("--rate must be above 0 (transactions per second); use --no-simulator for none");
        }
        StackOptions options = StackOptions.only(services).withPorts(ports).withSimulatorRate(rate).withInsecureKafka(insecure);
        long begin = System.nanoTime();
        StackEndpoints endpoints = stack().up(options, Progress.console(System.out));
        System.out.printf("%nFlightdeck is up (%s). Endpoints:%n", Progress.seconds(java.time.Duration.ofNanos(System.nanoTime() - begin)));
        printEndpoints(endpoints, stack().profileFile(), stack().searchApiKeyFile());
        System.out.println();
        System.out.println("Next: ./flightdeck status   ./flightdeck reconcile   ./flightdeck alerts   ./flightdeck down");
        return 0;
    }

    private static void put(Map<String, Integer> ports, String flag, Integer value) {
        if (value != null) {
            ports.put(flag, value);
        }
    }

    static void printEndpoints(StackEndpoints e, java.nio.file.Path profile, java.nio.file.Path searchApiKeyFile) {
        line("Kafka bootstrap", e.kafkaBootstrap());
        line("Schema registry", e.schemaRegistryUrl() == null ? null : e.schemaRegistryUrl() + "  (Confluent API)");
        line("Kafka Connect", e.connectUrl());
        line("MySQL", e.mysql() == null ? null : e.mysql().jdbcUrl().replaceFirst("\\?.*", "")
                + "  user " + e.mysql().user() + " (password file: ./flightdeck status --json)");
        line("Seat availability", e.seatAvailabilityUrl() == null ? null
                : e.seatAvailabilityUrl() + "/flights/{id}/availability");
        line("Search page", e.searchServiceUrl() == null ? null : e.searchServiceUrl() + "/");
        line("Search API key", e.searchServiceUrl() == null ? null : searchApiKeyFile + "  (send it as X-Api-Key)");
        line("Prometheus", e.prometheusUrl() == null ? null : e.prometheusUrl() + "/alerts");
        line("Alertmanager", e.alertmanagerUrl());
        line("Elasticsearch", e.elasticsearchUrl());
        line("Redis", e.redisUrl());
        line("Cluster profile", profile + "  (what --config takes)");
    }

    private static void line(String name, String value) {
        if (value != null) {
            System.out.printf("  %-18s %s%n", name, value);
        }
    }
}
