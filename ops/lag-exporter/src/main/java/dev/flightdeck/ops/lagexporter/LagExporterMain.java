package dev.flightdeck.ops.lagexporter;

import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.clients.ProfileException;
import dev.flightdeck.http.HttpLimits;
import dev.flightdeck.http.HttpListener;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lag exporter: {@code lag-exporter CONFIG_FILE [key=value ...]}, options in
 * {@link LagExporterConfig}. A wrong option or profile stops it at once; a Kafka it cannot reach
 * does not: it serves, reports not ready with the reason, and keeps polling.
 */
public final class LagExporterMain {

    private static final Logger log = LoggerFactory.getLogger(LagExporterMain.class);

    private LagExporterMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help")) {
            System.out.print(LagExporterConfig.help());
            System.exit(args.length == 0 ? 2 : 0);
        }
        LagExporterConfig config;
        ClusterProfile profile;
        try {
            config = LagExporterConfig.fromArgs(Arrays.asList(args));
            profile = ClusterProfile.load(config.clusterProfile());
        } catch (ConfigException | ProfileException | IOException e) {
            System.err.println("lag-exporter: " + e.getMessage());
            System.exit(2);
            return;
        }

        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        LagCollector collector = new LagCollector(new KafkaGroupLag(profile, config.requestTimeout()), config.groupsInclude(),
                metrics, Clock.systemUTC());
        HttpListener listener;
        try {
            listener = HttpListener.start("lag-exporter", config.httpListener(), HttpLimits.ops(), new LagExporterOps(collector, metrics));
        } catch (IOException e) {
            System.err.println("lag-exporter: " + LagExporterConfig.HTTP_LISTENER_CONFIG + ": " + e.getMessage()
                    + "; give it a free port (0: any)");
            System.exit(1);
            return;
        }
        collector.start(config.pollInterval());
        log.info("Lag exporter: consumer groups matching {} of Kafka at {}, every {} ms; metrics on http://{}:{}/metrics",
                config.groupsInclude(), profile.bootstrapServers(), config.pollInterval().toMillis(),
                config.httpListener().getHostString(), listener.port());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Lag exporter stopping");
            listener.close();
            collector.close();
            stopped.countDown();
        }, "lag-exporter-shutdown"));
        stopped.await();
    }
}
