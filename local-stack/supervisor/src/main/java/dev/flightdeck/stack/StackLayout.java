package dev.flightdeck.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where things are: the Flightdeck checkout (built modules, connector configs) and the data folder
 * of one stack (by default {@code .flightdeck/} in the checkout), with a folder per service holding
 * its data, log and pid file.
 */
public record StackLayout(Path home, Path dataDir) {

    public StackLayout {
        home = home.toAbsolutePath().normalize();
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** The checkout from the {@code flightdeck.home} property the launcher sets, else the working folder. */
    public static Path defaultHome() {
        String home = System.getProperty("flightdeck.home");
        return Path.of(home != null ? home : ".").toAbsolutePath().normalize();
    }

    public Path serviceDir(ServiceId id) {
        return dataDir.resolve(id.key());
    }

    public Path logFile(ServiceId id) {
        return serviceDir(id).resolve(id.key() + ".log");
    }

    public Path stateFile() {
        return dataDir.resolve("stack.json");
    }

    public Path secretsFile() {
        return dataDir.resolve("secrets").resolve("stack-secrets.properties");
    }

    /** The stack's certificate authority and its services' key stores. */
    public Path tlsDir() {
        return dataDir.resolve("tls");
    }

    public Path lockFile() {
        return dataDir.resolve(".lock");
    }

    /** The stack's cluster profile: its services' addresses, the file every ops command takes with {@code --config}. */
    public Path profileFile() {
        return dataDir.resolve(StackProfile.FILE);
    }

    // Build outputs of the service modules. The launcher builds them; a missing one means a partial build.

    public Path mysqlBaseDir() {
        return built("local-stack/mysql-server/target/mysql", "bin/mysqld");
    }

    public String kafkaClasspath() {
        return moduleClasspath("local-stack/kafka-dist");
    }

    public Path registryDir() {
        return built("local-stack/schema-registry/target/apicurio-registry", "quarkus-run.jar");
    }

    public String elasticsearchClasspath() {
        return moduleClasspath("local-stack/elasticsearch-node");
    }

    public Path elasticsearchJvmOptions() {
        return built("local-stack/elasticsearch-node/target/classes", "dev/flightdeck/stack/elasticsearch/jvm.options")
                .resolve("dev/flightdeck/stack/elasticsearch/jvm.options");
    }

    public String seatAvailabilityClasspath() {
        return moduleClasspath("streams-apps/seat-availability");
    }

    public String anomalyDetectorClasspath() {
        return moduleClasspath("streams-apps/anomaly-detector");
    }

    public String searchServiceClasspath() {
        return moduleClasspath("search-service");
    }

    public String lagExporterClasspath() {
        return moduleClasspath("ops/lag-exporter");
    }

    /** The Prometheus JMX exporter agent, copied next to the Kafka distribution by its build. */
    public Path jmxExporterAgent() {
        return built("local-stack/kafka-dist/target/jmx-exporter", "jmx_prometheus_javaagent.jar")
                .resolve("jmx_prometheus_javaagent.jar");
    }

    /** The class-data sharing archives of the Java programs, one per main class (the JVM writes them). */
    public Path classDataDir() {
        return home.resolve("target").resolve("class-data");
    }

    /** The monitoring configuration in the checkout: JMX exporter rules, alert rules, dashboards. */
    public Path dashboards() {
        return home.resolve("dashboards");
    }

    public String databaseClasspath() {
        return moduleClasspath("database");
    }

    public Path connectConfigs() {
        return home.resolve("connect-configs");
    }

    /** Every built Connect plugin folder's parent: the worker's {@code plugin.path}. */
    public List<Path> connectPluginRoots() {
        List<Path> roots = new ArrayList<>();
        for (String module : List.of(
                "local-stack/connect-plugins/debezium-mysql",
                "local-stack/connect-plugins/apicurio-avro-converter",
                "connectors/redis-sink",
                "connectors/elasticsearch-sink",
                "connectors/alertmanager-sink")) {
            roots.add(built(module + "/target/connect-plugins", ""));
        }
        return roots;
    }

    /**
     * The module's packaged jar and its dependencies: jars only, so that the JVM can keep a
     * class-data archive for the program (it refuses to archive from a class path with folders).
     */
    private String moduleClasspath(String module) {
        Path moduleDir = home.resolve(module);
        Path jar = moduleJar(built(module + "/target", ""));
        Path classpathFile = built(module + "/target", "runtime-classpath.txt").resolve("runtime-classpath.txt");
        try {
            String dependencies = Files.readString(classpathFile).trim();
            return dependencies.isEmpty() ? jar.toString() : jar + java.io.File.pathSeparator + dependencies;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + classpathFile + " of " + moduleDir, e);
        }
    }

    private Path moduleJar(Path target) {
        try (var files = Files.list(target)) {
            List<Path> jars = files.filter(f -> {
                String name = f.getFileName().toString();
                return name.endsWith(".jar") && !name.endsWith("-sources.jar") && !name.endsWith("-tests.jar")
                        && !name.startsWith("original-");
            }).toList();
            if (jars.size() != 1) {
                throw new StackException(target + " holds " + (jars.isEmpty() ? "no module jar" : "several jars " + jars)
                        + ": the module is not packaged. Run ./flightdeck build (or mvn -DskipTests package) in " + home);
            }
            return jars.getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target, e);
        }
    }

    private Path built(String relative, String mustContain) {
        Path path = home.resolve(relative);
        if (!Files.exists(path.resolve(mustContain))) {
            throw new StackException(path.resolve(mustContain) + " is missing: the module is not built. "
                    + "Run ./flightdeck build (or mvn -DskipTests package) in " + home);
        }
        return path;
    }
}
