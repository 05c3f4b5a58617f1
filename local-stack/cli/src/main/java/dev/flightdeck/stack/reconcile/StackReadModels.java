package dev.flightdeck.stack.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flightdeck.stack.StackEndpoints;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The read models of a running stack, each with the settings its sink really runs with (read
 * from Connect's REST API: the Redis key prefix and expiry, the Elasticsearch alias), and the
 * reconciler over them. Models whose service is not running are listed as skipped, with why.
 */
public final class StackReadModels {

    public static final String FLIGHT_AVAILABILITY = "flight-availability";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ReadModel> models = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final StackEndpoints endpoints;

    private StackReadModels(StackEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    public static StackReadModels of(StackEndpoints endpoints) {
        if (endpoints.mysql() == null) {
            throw new IllegalStateException("MySQL is not running: there is no truth to reconcile with; ./flightdeck up");
        }
        StackReadModels stack = new StackReadModels(endpoints);
        if (endpoints.seatAvailabilityUrl() != null) {
            stack.models.add(new SeatAvailabilityStore(endpoints.seatAvailabilityUrl()));
        } else {
            stack.skipped.add("seat-availability store: seat-availability is not running");
        }
        if (endpoints.kafkaBootstrap() != null && endpoints.schemaRegistryUrl() != null) {
            stack.models.add(new AvailabilityTopic(endpoints.kafkaBootstrap(), endpoints.schemaRegistryUrl(), FLIGHT_AVAILABILITY));
        } else {
            stack.skipped.add("topic " + FLIGHT_AVAILABILITY + ": Kafka or the schema registry is not running");
        }
        JsonNode redisSink = stack.connectorConfig("redis-sink-flights");
        if (endpoints.redisUrl() != null) {
            stack.models.add(new RedisReadModel(endpoints.redisUrl(), redisSink.path("redis.key.prefix").asText("flightdeck:"),
                    Duration.ofMillis(redisSink.path("expire.after.arrival.ms").asLong(Duration.ofDays(1).toMillis()))));
        } else {
            stack.skipped.add("Redis: not running");
        }
        JsonNode elasticsearchSink = stack.connectorConfig("elasticsearch-sink-flights");
        if (endpoints.elasticsearchUrl() != null) {
            stack.models.add(new ElasticsearchReadModel(endpoints.elasticsearchUrl(), elasticsearchSink.path("index.alias").asText("flights")));
        } else {
            stack.skipped.add("Elasticsearch: not running");
        }
        return stack;
    }

    public List<ReadModel> models() {
        return List.copyOf(models);
    }

    /** Models not checked, each with the reason. */
    public List<String> skipped() {
        return List.copyOf(skipped);
    }

    public Reconciler reconciler() {
        StackEndpoints.Mysql mysql = endpoints.mysql();
        return new Reconciler(() -> DriverManager.getConnection(mysql.jdbcUrl(), mysql.user(), mysql.password()), models);
    }

    /** The running connector's config; empty when Connect or the connector is not there (defaults then apply). */
    private JsonNode connectorConfig(String connector) {
        if (endpoints.connectUrl() == null) {
            return JSON.createObjectNode();
        }
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(endpoints.connectUrl() + "/connectors/" + connector + "/config")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : JSON.createObjectNode();
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
