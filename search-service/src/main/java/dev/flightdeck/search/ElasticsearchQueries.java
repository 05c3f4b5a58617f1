package dev.flightdeck.search;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import dev.flightdeck.http.HttpRequest;
import java.util.List;
import java.util.Map;

/**
 * The Elasticsearch request the service sends for a search's parameters, for the benchmark's
 * ceiling: the same query sent straight to Elasticsearch. Airports must be given as codes here
 * (no directory resolves city names).
 */
public final class ElasticsearchQueries {

    private ElasticsearchQueries() {
    }

    public static SearchRequest forParameters(Map<String, String> parameters, String alias) {
        Map<String, List<String>> values = new java.util.LinkedHashMap<>();
        parameters.forEach((name, value) -> values.put(name, List.of(value)));
        HttpRequest request = new HttpRequest("GET", "/api/flights", "/api/flights", values, name -> null, "benchmark", "benchmark");
        return new FlightSearch(null, alias).request(FlightQuery.parse(request, AirportDirectory.of(List.of())));
    }
}
