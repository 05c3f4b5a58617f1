package dev.flightdeck.connect.elasticsearch;

import dev.flightdeck.connect.sink.FlightSinkTask;
import dev.flightdeck.connect.sink.ReadModelWriter;
import java.util.Map;

/**
 * flight-availability into Elasticsearch, in version-guarded bulk requests through
 * {@link FlightIndex}, which creates the index behind the alias at start when it is missing; the
 * rest is {@link FlightSinkTask}'s.
 */
public final class ElasticsearchSinkTask extends FlightSinkTask<ElasticsearchSinkConfig> {

    @Override
    protected ElasticsearchSinkConfig parse(Map<String, String> properties) {
        return new ElasticsearchSinkConfig(properties);
    }

    @Override
    protected ReadModelWriter openWriter(ElasticsearchSinkConfig config) {
        return new FlightIndex(config.client(), config.indexAlias(), config.indexName(), config.gcDeletes(), config.bulkLimits(),
                config.indexSetup());
    }
}
