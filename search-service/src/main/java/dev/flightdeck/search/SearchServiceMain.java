package dev.flightdeck.search;

import dev.flightdeck.clients.OptionsFile;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.flightdeck.cdc.flights.FlightsChanges;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.clients.ProfileException;
import dev.flightdeck.http.HttpLimits;
import dev.flightdeck.http.HttpListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The search service: {@code search-service CONFIG_FILE [key=value ...]}. Its own options are in
 * {@link SearchServiceConfig}; where the services it reads are comes from the deployment's cluster
 * profile, the same file the ops commands take.
 */
public final class SearchServiceMain {

    private static final Logger log = LoggerFactory.getLogger(SearchServiceMain.class);

    private SearchServiceMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help")) {
            System.out.print(SearchServiceConfig.help());
            System.exit(args.length == 0 ? 2 : 0);
        }
        SearchServiceConfig config;
        ClusterProfile profile;
        try {
            config = SearchServiceConfig.of(OptionsFile.load(java.util.List.of(args)));
            profile = ClusterProfile.load(config.clusterProfile());
            profile.require(ClusterProfile.Service.KAFKA, ClusterProfile.Service.SCHEMA_REGISTRY, ClusterProfile.Service.ELASTICSEARCH,
                    ClusterProfile.Service.REDIS, ClusterProfile.Service.SEAT_AVAILABILITY);
        } catch (ConfigException | ProfileException | IllegalArgumentException | IOException e) {
            System.err.println("search-service: " + e.getMessage());
            System.exit(2);
            return;
        }
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        ApiKeys keys = ApiKeys.load(config.apiKeysFile(), config.apiKeyFile());
        log.info("{} API key(s) accepted from {}", keys.size(), config.apiKeysFile());

        ElasticsearchClient elasticsearch = elasticsearch(profile.elasticsearchUrl(), config.elasticsearchTimeout());
        JedisPooled redis = profile.openRedis();
        Dependency esDependency = new Dependency("elasticsearch", SearchServiceMain::elasticsearchTransient);
        Dependency redisDependency = new Dependency("redis", SearchServiceMain::redisTransient);
        Dependency seatsDependency = new Dependency("seat-availability", SeatLayouts::isTransient);
        List<Dependency> dependencies = List.of(esDependency, redisDependency, seatsDependency);
        for (Dependency dependency : dependencies) {
            Gauge.builder("search_dependency_breaker_open", dependency, d -> d.state().name().equals("CLOSED") ? 0 : 1)
                    .tag("dependency", dependency.name()).description("1 while the dependency's circuit breaker is open or half-open")
                    .register(metrics);
            dependency.retry().getEventPublisher().onRetry(e -> metrics.counter("search_dependency_retries", "dependency", dependency.name()).increment());
        }

        AirportDirectory airports = new AirportDirectory(profile.kafkaClientConfig(Map.of(ConsumerConfig.CLIENT_ID_CONFIG,
                "search-service-airports")), config.airportsTopic(), new FlightsChanges(profile.registry().avroDecoder()));
        Gauge.builder("search_airports", airports, AirportDirectory::size).description("Airports in the directory").register(metrics);
        Gauge.builder("search_airport_changes_skipped", airports, AirportDirectory::undecodable)
                .description("Airport changes that could not be decoded").register(metrics);
        airports.start();

        SearchApi api = new SearchApi(new FlightSearch(elasticsearch, config.elasticsearchAlias()),
                new LiveSeats(redis, config.redisKeyPrefix()), new SeatLayouts(profile.seatAvailabilityUrl(), Duration.ofSeconds(2)),
                airports, esDependency, redisDependency, seatsDependency, Clock.systemUTC());
        Gateway gateway = new Gateway(new ApiKeyFile(config.apiKeysFile(), keys), new RateLimits(config.rateLimitBurst(), config.rateLimitPerSecond(), System::nanoTime),
                config.corsAllowedOrigins(), api, new WebAssets(), metrics);
        HttpListener ops = HttpListener.start("search-service ops", address(config.opsListener(), SearchServiceConfig.OPS_LISTENER_CONFIG),
                HttpLimits.ops(), new SearchOps(airports, dependencies, metrics));
        HttpListener http = HttpListener.start("search-service API", address(config.httpListener(), SearchServiceConfig.HTTP_LISTENER_CONFIG),
                HttpLimits.api(), gateway);
        log.info("Search service listening: page and API on http://{}:{}/, ops on port {}", host(config.httpListener()), http.port(), ops.port());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Search service stopping");
            http.close();
            ops.close();
            airports.close();
            redis.close();
            try {
                elasticsearch._transport().close();
            } catch (IOException e) {
                log.warn("Closing the Elasticsearch client: {}", e.getMessage());
            }
            stopped.countDown();
        }, "search-service-shutdown"));
        stopped.await();
    }

    static ElasticsearchClient elasticsearch(String urls, Duration timeout) {
        HttpHost[] hosts = java.util.Arrays.stream(urls.split(",")).map(String::strip).map(url -> {
            try {
                return HttpHost.create(URI.create(url));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("elasticsearch.url: '" + url + "' is not a URL", e);
            }
        }).toArray(HttpHost[]::new);
        Timeout each = Timeout.ofMilliseconds(timeout.toMillis());
        Rest5Client rest = Rest5Client.builder(hosts)
                .setConnectionConfigCallback(c -> c.setConnectTimeout(each).setSocketTimeout(each))
                .setRequestConfigCallback(r -> r.setConnectionRequestTimeout(each).setResponseTimeout(each))
                .build();
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false);
        return new ElasticsearchClient(new Rest5ClientTransport(rest, new JacksonJsonpMapper(mapper)));
    }

    /** Unreachable, timed out, overloaded or unavailable: worth retrying. A query Elasticsearch refuses (4xx) is not. */
    static boolean elasticsearchTransient(Throwable e) {
        if (e instanceof ElasticsearchException es) {
            return es.status() == 429 || es.status() >= 500;
        }
        return e instanceof IOException || e instanceof co.elastic.clients.transport.TransportException;
    }

    static boolean redisTransient(Throwable e) {
        if (e instanceof JedisConnectionException) {
            return true;
        }
        return e instanceof JedisDataException data && data.getMessage() != null
                && (data.getMessage().startsWith("LOADING") || data.getMessage().startsWith("BUSY") || data.getMessage().startsWith("MASTERDOWN"));
    }

    static InetSocketAddress address(String hostPort, String key) {
        int colon = hostPort.lastIndexOf(':');
        try {
            if (colon <= 0) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + hostPort + "' is not host:port, e.g. 127.0.0.1:8095");
        }
    }

    private static String host(String hostPort) {
        return hostPort.substring(0, hostPort.lastIndexOf(':'));
    }
}
