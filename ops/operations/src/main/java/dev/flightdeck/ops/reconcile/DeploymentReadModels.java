package dev.flightdeck.ops.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flightdeck.clients.ClusterProfile.Service;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.clients.EndpointException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The read models of a deployment, each with the settings its sink really runs with (read from
 * Connect's REST API: the Redis key prefix and expiry, the Elasticsearch alias), and the
 * reconciler over them. A model the profile does not name is listed as skipped, with why.
 */
public final class DeploymentReadModels {

    public static final String FLIGHT_AVAILABILITY = "flight-availability";
    static final String REDIS_SINK = "redis-sink-flights";
    static final String ELASTICSEARCH_SINK = "elasticsearch-sink-flights";

    private final List<ReadModel> models = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final ClusterProfile profile;

    private DeploymentReadModels(ClusterProfile profile) {
        this.profile = profile;
    }

    public static DeploymentReadModels of(ClusterProfile profile) {
        profile.require(Service.MYSQL);
        DeploymentReadModels deployment = new DeploymentReadModels(profile);
        if (profile.has(Service.SEAT_AVAILABILITY)) {
            deployment.models.add(new SeatAvailabilityStore(profile.seatAvailabilityUrl()));
        } else {
            deployment.skipped.add("seat-availability store: the profile has no " + Service.SEAT_AVAILABILITY.key());
        }
        if (profile.has(Service.SCHEMA_REGISTRY)) {
            deployment.models.add(new AvailabilityTopic(profile.kafkaClientConfig(), profile.registry().avroDecoder(), FLIGHT_AVAILABILITY));
        } else {
            deployment.skipped.add("topic " + FLIGHT_AVAILABILITY + ": the profile has no " + Service.SCHEMA_REGISTRY.key());
        }
        if (profile.has(Service.REDIS)) {
            JsonNode sink = deployment.connectorConfig(REDIS_SINK);
            deployment.models.add(new RedisReadModel(profile::openRedis, sink.path("redis.key.prefix").asText("flightdeck:"),
                    Duration.ofMillis(sink.path("expire.after.arrival.ms").asLong(Duration.ofDays(1).toMillis()))));
        } else {
            deployment.skipped.add("Redis: the profile has no " + Service.REDIS.key());
        }
        if (profile.has(Service.ELASTICSEARCH)) {
            JsonNode sink = deployment.connectorConfig(ELASTICSEARCH_SINK);
            deployment.models.add(new ElasticsearchReadModel(profile.elasticsearchUrl(), sink.path("index.alias").asText("flights")));
        } else {
            deployment.skipped.add("Elasticsearch: the profile has no " + Service.ELASTICSEARCH.key());
        }
        return deployment;
    }

    public List<ReadModel> models() {
        return List.copyOf(models);
    }

    /** Models not checked, each with the reason. */
    public List<String> skipped() {
        return List.copyOf(skipped);
    }

    public Reconciler reconciler() {
        return new Reconciler(profile::openMysql, models);
    }

    /** The sink's running config; empty when Connect or the connector is not there (the defaults then apply). */
    private JsonNode connectorConfig(String connector) {
        if (!profile.has(Service.CONNECT)) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode config = profile.connect().config(connector);
            return config == null ? JsonNodeFactory.instance.objectNode() : config;
        } catch (EndpointException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }
}
