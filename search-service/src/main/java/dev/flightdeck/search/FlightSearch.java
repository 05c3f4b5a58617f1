package dev.flightdeck.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.RangeBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Flight searches against the index behind the {@code flights} alias: the query's filters as a
 * bool filter (cached by Elasticsearch, no scoring), its sort with the flight id as tie-breaker for
 * {@code search_after}, and on the first page the facets as aggregations. Uses only what a node
 * without scripting modules offers (the embedded node has none).
 */
final class FlightSearch {

    /** Fare facet bounds: [0,100), [100,200), [200,300), [300,500), [500,∞). */
    static final double[] FARE_BOUNDS = {0, 100, 200, 300, 500};
    static final List<String> CABINS = List.of("F", "J", "Y");

    /** One page of flights with the total, the next page's cursor, and (first page only) the facets. */
    record Page(long total, List<FlightHit> flights, SearchAfterCursor next, Facets facets) {
    }

    /** Departures per UTC hour of the day, flights per fare range, free seats per cabin. */
    record Facets(Map<Integer, Long> departureHour, List<FareRange> fare, Map<String, Long> freeSeats) {
    }

    record FareRange(double from, Double to, long count) {
    }

    private final ElasticsearchClient client;
    private final String alias;

    FlightSearch(ElasticsearchClient client, String alias) {
        this.client = client;
        this.alias = alias;
    }

    Page search(FlightQuery query) throws IOException {
        SearchResponse<FlightHit> response = client.search(request(query), FlightHit.class);
        List<FlightHit> flights = new ArrayList<>();
        SearchAfterCursor next = null;
        for (Hit<FlightHit> hit : response.hits().hits()) {
            if (hit.source() != null) {
                flights.add(hit.source());
            }
        }
        if (flights.size() == query.size()) {
            List<co.elastic.clients.elasticsearch._types.FieldValue> sortValues = response.hits().hits().getLast().sort();
            double value = sortValues.getFirst().isDouble() ? sortValues.getFirst().doubleValue() : sortValues.getFirst().longValue();
            next = new SearchAfterCursor(query.sort(), query.descending(), value, flights.getLast().flightId());
        }
        long total = response.hits().total() == null ? flights.size() : response.hits().total().value();
        Facets facets = response.aggregations().isEmpty() ? null : facets(response.aggregations());
        return new Page(total, flights, next, facets);
    }

    SearchRequest request(FlightQuery query) {
        String sortField = sortField(query);
        SortOrder order = query.descending() ? SortOrder.Desc : SortOrder.Asc;
        SearchRequest.Builder request = new SearchRequest.Builder()
                .index(alias)
                .query(q -> q.bool(b -> b.filter(filters(query))))
                .sort(s -> s.field(f -> f.field(sortField).order(order).missing("_last")))
                .sort(s -> s.field(f -> f.field("flightId").order(SortOrder.Asc)))
                .size(query.size())
                .trackTotalHits(t -> t.enabled(true))
                .source(s -> s.filter(f -> f.excludes("takenSeats")));
        if (query.after() != null) {
            request.searchAfter(query.after().searchAfter());
        } else {
            request.aggregations("departureHour", a -> a.dateHistogram(h -> h.field("departureTime")
                            .calendarInterval(CalendarInterval.Hour).minDocCount(1)))
                    .aggregations("fare", a -> a.range(r -> {
                        r.field("baseFare");
                        for (int i = 0; i < FARE_BOUNDS.length; i++) {
                            double from = FARE_BOUNDS[i];
                            Double to = i + 1 < FARE_BOUNDS.length ? FARE_BOUNDS[i + 1] : null;
                            r.ranges(range -> to == null ? range.from(from) : range.from(from).to(to));
                        }
                        return r;
                    }));
            for (String cabin : CABINS) {
                request.aggregations("free" + cabin, a -> a.sum(s -> s.field("available." + cabin)));
            }
        }
        return request.build();
    }

    /** The field sorted on: with a cabin given, sorting by seats means that cabin's free seats. */
    static String sortField(FlightQuery query) {
        if (query.sort() == FlightQuery.Sort.SEATS && query.cabin() != null) {
            return "available." + query.cabin();
        }
        return query.sort().field;
    }

    static List<Query> filters(FlightQuery query) {
        List<Query> filters = new ArrayList<>();
        if (!query.origins().isEmpty()) {
            filters.add(terms("origin", query.origins()));
        }
        if (!query.destinations().isEmpty()) {
            filters.add(terms("destination", query.destinations()));
        }
        if (query.from() != null) {
            filters.add(Query.of(q -> q.range(r -> r.date(d -> d.field("departureDate")
                    .gte(query.from().toString()).lte(query.to().toString()).format("yyyy-MM-dd")))));
        }
        if (query.cabin() != null) {
            int wanted = query.seats() == null ? 0 : query.seats();
            filters.add(Query.of(q -> q.range(r -> r.number(n -> n.field("available." + query.cabin()).gte((double) wanted)))));
            if (wanted == 0) {
                filters.add(Query.of(q -> q.exists(e -> e.field("available." + query.cabin()))));
            }
        } else if (query.seats() != null) {
            List<Query> anyCabin = CABINS.stream().map(c -> Query.of(q -> q.range(r -> r.number(n -> n.field("available." + c)
                    .gte((double) query.seats()))))).toList();
            filters.add(Query.of(q -> q.bool(b -> b.should(anyCabin).minimumShouldMatch("1"))));
        }
        if (query.maxFare() != null) {
            filters.add(Query.of(q -> q.range(r -> r.number(n -> n.field("baseFare").lte(query.maxFare().doubleValue())))));
        }
        if (query.flightNumber() != null) {
            filters.add(Query.of(q -> q.prefix(p -> p.field("flightNumber").value(query.flightNumber()))));
        }
        return filters;
    }

    private static Query terms(String field, List<String> values) {
        return Query.of(q -> q.terms(t -> t.field(field).terms(v -> v.value(values.stream()
                .map(co.elastic.clients.elasticsearch._types.FieldValue::of).toList()))));
    }

    private static Facets facets(Map<String, Aggregate> aggregations) {
        Map<Integer, Long> hours = new TreeMap<>();
        for (DateHistogramBucket bucket : aggregations.get("departureHour").dateHistogram().buckets().array()) {
            int hour = Instant.ofEpochMilli(bucket.key()).atZone(ZoneOffset.UTC).getHour();
            hours.merge(hour, bucket.docCount(), Long::sum);
        }
        List<FareRange> fares = new ArrayList<>();
        for (RangeBucket bucket : aggregations.get("fare").range().buckets().array()) {
            fares.add(new FareRange(bucket.from() == null ? 0 : bucket.from(), bucket.to(), bucket.docCount()));
        }
        Map<String, Long> free = new LinkedHashMap<>();
        for (String cabin : CABINS) {
            Double sum = aggregations.get("free" + cabin).sum().value();
            free.put(cabin, sum == null ? 0 : Math.round(sum));
        }
        return new Facets(hours, fares, free);
    }

    /** Elasticsearch's own answer time for {@code query}, for the benchmark's ceiling. */
    long took(FlightQuery query) throws IOException {
        return client.search(request(query), JsonData.class).took();
    }
}
