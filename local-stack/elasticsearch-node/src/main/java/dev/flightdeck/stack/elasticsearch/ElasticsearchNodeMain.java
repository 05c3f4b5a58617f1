package dev.flightdeck.stack.elasticsearch;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.BindHttpException;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.EmbeddedNode;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one real single-node Elasticsearch on 127.0.0.1 until SIGTERM.
 *
 * <p>Start it with the flags of {@link #jvmOptions()} (the resource {@value #JVM_OPTIONS_RESOURCE}):
 * {@code java <jvm options> -cp <classes and runtime classpath> dev.flightdeck.stack.elasticsearch.ElasticsearchNodeMain
 * --home DIR --http-port N}. It prints {@code elasticsearch ready http://127.0.0.1:<port>} once HTTP
 * answers. Exit codes: 2 for a bad command line, 1 if the node cannot start.
 */
public final class ElasticsearchNodeMain {

    /** One JVM flag per line; the launcher reads the same file to start this class. */
    public static final String JVM_OPTIONS_RESOURCE = "dev/flightdeck/stack/elasticsearch/jvm.options";

    public static final String READY_PREFIX = "elasticsearch ready ";

    /** The event template of every Flightdeck JVM service's log lines, from the flightdeck-logging library. */
    static final String LOG_EVENT_TEMPLATE = "FlightdeckLayout.json";
    /** The service name in each log line, when the launcher did not pass one with -Dflightdeck.service. */
    static final String SERVICE_PROPERTY = "flightdeck.service";
    static final String SERVICE_NAME = "elasticsearch";

    static final int EXIT_STARTUP_FAILED = 1;
    static final int EXIT_USAGE = 2;

    /** The launcher's flag for our HTTP port: the one a user can act on when the port is taken. */
    private static final String LAUNCHER_PORT_FLAG = "--elasticsearch-port";

    // Netty4 serves HTTP and the transport layer; RootInfoPlugin stands in for the unpublished rest-root module.
    private static final List<Class<? extends Plugin>> PLUGINS = List.of(Netty4Plugin.class, RootInfoPlugin.class);

    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    // log4j holds its contexts weakly: this reference keeps our configuration alive for the JVM's life.
    private static LoggerContext logging;

    private ElasticsearchNodeMain() {}

    public static void main(String[] args) throws InterruptedException {
        NodeOptions options;
        try {
            options = NodeOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("elasticsearch-node: " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }

        // Fails in a blink instead of after the node's construction; the bind in start() stays the real check.
        if (options.httpPort() != 0 && httpPortInUse(options.httpPort())) {
            System.err.println(portInUseMessage(options));
            System.exit(EXIT_STARTUP_FAILED);
        }

        configureLogging(options);
        Settings settings = nodeSettings(options);

        Node node;
        try {
            Files.createDirectories(options.dataDir());
            Files.createDirectories(options.logsDir());
            node = new EmbeddedNode(new Environment(settings, null), PLUGINS);
        } catch (IOException | RuntimeException e) {
            exitWithStartupFailure(options, e);
            return;
        }

        var shutdown = new NodeShutdown(node);
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown::run, "elasticsearch-node-shutdown"));
        try {
            node.start();
        } catch (Exception e) {
            exitWithStartupFailure(options, e); // the shutdown hook closes what was started
            return;
        }
        shutdown.started = true;

        int port = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress().getPort();
        System.out.println(READY_PREFIX + "http://127.0.0.1:" + port);
        System.out.flush();

        // Elasticsearch's threads are all daemons: something must keep the JVM up until SIGTERM.
        new CountDownLatch(1).await();
    }

    /** The JVM flags this class needs, in the order of {@value #JVM_OPTIONS_RESOURCE}. */
    public static List<String> jvmOptions() {
        try (InputStream in = ElasticsearchNodeMain.class.getClassLoader().getResourceAsStream(JVM_OPTIONS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(JVM_OPTIONS_RESOURCE + " is missing from the classpath; rebuild the elasticsearch-node module");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                .map(String::strip)
                .filter(line -> line.isEmpty() == false && line.startsWith("#") == false)
                .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + JVM_OPTIONS_RESOURCE, e);
        }
    }

    static Settings nodeSettings(NodeOptions options) {
        return Settings.builder()
            .put("path.home", options.home().toString())
            .put("path.data", options.dataDir().toString())
            .put("path.logs", options.logsDir().toString())
            .put("cluster.name", options.clusterName())
            .put("node.name", options.nodeName())
            .put("discovery.type", "single-node")
            .put("network.host", options.networkHost())
            .put("http.port", options.httpPort())
            .put("transport.port", 0) // nobody else joins this node; any free port will do
            // A developer's nearly full disk must not turn indices read-only under a running stack.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
    }

    /**
     * Flightdeck's JSON log lines ({@value #LOG_EVENT_TEMPLATE}) on stdout (the launcher sends them to
     * the node's log file), INFO by default. Replaces {@code LogConfigurator.configureWithoutConfig}:
     * that one leaves the log4j context unreferenced, and a GC during startup then silently resets
     * logging to ERROR-only.
     */
    private static void configureLogging(NodeOptions options) {
        LogConfigurator.setClusterName(options.clusterName());
        LogConfigurator.setNodeName(options.nodeName());
        LogConfigurator.configureESLogging(); // routes Elasticsearch's own logging API to log4j
        if (System.getProperty(SERVICE_PROPERTY) == null) {
            System.setProperty(SERVICE_PROPERTY, SERVICE_NAME); // the template's "service" field
        }
        logging = Configurator.initialize(loggingConfiguration());
    }

    static Configuration loggingConfiguration() {
        var config = ConfigurationBuilderFactory.newConfigurationBuilder();
        config.setConfigurationName("flightdeck-elasticsearch-node");
        config.setStatusLevel(Level.ERROR);
        config.add(
            config.newAppender("console", "Console")
                .addAttribute("target", ConsoleAppender.Target.SYSTEM_OUT)
                .add(config.newLayout("JsonTemplateLayout").addAttribute("eventTemplateUri", "classpath:" + LOG_EVENT_TEMPLATE))
        );
        config.add(config.newRootLogger(Level.INFO).add(config.newAppenderRef("console")));
        // The native libraries (zstd and friends) are not on Maven Central: Elasticsearch falls back to
        // Java code and would otherwise print a stack trace about it on every start.
        config.add(config.newLogger("org.elasticsearch.nativeaccess.NativeAccess", Level.ERROR));
        return config.build();
    }

    private static void exitWithStartupFailure(NodeOptions options, Exception failure) {
        if (causedBy(failure, BindHttpException.class) && causes(failure).anyMatch(ElasticsearchNodeMain::isAddressInUse)) {
            System.err.println(portInUseMessage(options));
        } else if (causes(failure).anyMatch(t -> String.valueOf(t.getMessage()).startsWith("failed to obtain node locks"))) {
            System.err.println(
                "data directory " + options.dataDir() + " is locked: another Elasticsearch node uses it (stop that node or pass another --home),"
                    + " or it is not writable"
            );
        } else {
            System.err.println("elasticsearch could not start: " + failure);
            failure.printStackTrace(); // unexpected: the trace is what someone will need
        }
        System.exit(EXIT_STARTUP_FAILED);
    }

    private static String portInUseMessage(NodeOptions options) {
        return "port " + options.httpPort() + " is in use; pass " + LAUNCHER_PORT_FLAG + " to choose another";
    }

    private static boolean httpPortInUse(int port) {
        try (var socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return false;
        } catch (IOException e) {
            return isAddressInUse(e);
        }
    }

    private static boolean isAddressInUse(Throwable failure) {
        return failure instanceof BindException && String.valueOf(failure.getMessage()).contains("in use");
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        return causes(failure).anyMatch(type::isInstance);
    }

    private static Stream<Throwable> causes(Throwable failure) {
        return Stream.iterate(failure, Objects::nonNull, Throwable::getCause);
    }

    /** Closes the node on SIGTERM (or System.exit) and waits, so its data directory lock is released cleanly. */
    private static final class NodeShutdown {
        private final Node node;
        volatile boolean started;

        NodeShutdown(Node node) {
            this.node = node;
        }

        void run() {
            try {
                if (started) {
                    node.prepareForClose(); // lets in-flight HTTP requests finish
                }
                node.close();
                if (node.awaitClose(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS) == false) {
                    System.err.println("elasticsearch did not stop within " + CLOSE_TIMEOUT_SECONDS + "s; exiting anyway");
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("elasticsearch failed to close cleanly: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
