package dev.flightdeck.connect.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.ErrorResponse;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.elasticsearch.indices.IndexSettings;
import co.elastic.clients.elasticsearch.indices.PutIndexTemplateRequest;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.transport.http.TransportHttpClient;
import co.elastic.clients.util.BinaryData;
import dev.flightdeck.connect.elasticsearch.FlightIndex.BulkLimits;
import dev.flightdeck.connect.sink.AvailabilityUpdate;
import dev.flightdeck.connect.sink.FlightAvailabilityStructs;
import dev.flightdeck.connect.sink.FlightRecords;
import dev.flightdeck.connect.sink.PublishedFlight;
import dev.flightdeck.connect.sink.UpdateOutcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlightIndexTest {

    private static final BulkLimits GENEROUS = new BulkLimits(1000, 5 * 1024 * 1024);

    static AvailabilityUpdate.Upsert upsert(long flightId, long version) {
        return (AvailabilityUpdate.Upsert) new FlightRecords("version", "flightdeck.version").read(FlightAvailabilityStructs.record(
                FlightAvailabilityStructs.flight(flightId, version, "FRA", "LIS", Instant.parse("2026-12-01T23:30:00Z"), List.of("1A")), 1));
    }

    @Test
    void shouldSplitBulkRequestsByCount() {
        assertThat(FlightIndex.split(List.of(1, 2, 3, 4, 5), item -> 10, new BulkLimits(2, 1024)))
                .containsExactly(List.of(1, 2), List.of(3, 4), List.of(5));
    }

    @Test
    void shouldSplitBulkRequestsByBytes() {
        // Sizes are the items themselves: 400 + 400 fit in 1000, a third 400 does not.
        assertThat(FlightIndex.split(List.of(400L, 400L, 400L, 600L, 100L), item -> item, new BulkLimits(1000, 1000)))
                .containsExactly(List.of(400L, 400L), List.of(400L, 600L), List.of(100L));
    }

    @Test
    void shouldSendAFlightLargerThanTheByteLimitAlone() {
        assertThat(FlightIndex.split(List.of(100L, 5000L, 100L), item -> item, new BulkLimits(1000, 1024)))
                .containsExactly(List.of(100L), List.of(5000L), List.of(100L));
        assertThat(FlightIndex.split(List.<Long>of(), item -> item, GENEROUS)).isEmpty();
    }

    @Test
    void shouldClassifyBulkItems() {
        assertThat(FlightIndex.classify(201, null, "status 201")).isEqualTo(UpdateOutcome.WRITTEN);
        assertThat(FlightIndex.classify(200, null, "status 200")).isEqualTo(UpdateOutcome.WRITTEN);
        assertThat(FlightIndex.classify(404, null, "status 404")).as("delete of a flight never indexed").isEqualTo(UpdateOutcome.WRITTEN);
        assertThat(FlightIndex.classify(409, "version_conflict_engine_exception", "conflict")).isEqualTo(UpdateOutcome.SKIPPED_AS_NOT_NEWER);
        assertThat(FlightIndex.classify(429, "es_rejected_execution_exception", "full"))
                .isEqualTo(UpdateOutcome.failedTransiently("full"));
        assertThat(FlightIndex.classify(503, "unavailable_shards_exception", "moving")).isEqualTo(UpdateOutcome.failedTransiently("moving"));
        assertThat(FlightIndex.classify(500, "some_new_exception", "new")).isEqualTo(UpdateOutcome.failedTransiently("new"));
        assertThat(FlightIndex.classify(404, "index_not_found_exception", "gone")).isEqualTo(UpdateOutcome.failedTransiently("gone"));
        assertThat(FlightIndex.classify(400, "mapper_parsing_exception", "bad")).isEqualTo(UpdateOutcome.refused("bad"));
        assertThat(FlightIndex.classify(400, "document_parsing_exception", "bad")).isEqualTo(UpdateOutcome.refused("bad"));
        assertThat(FlightIndex.classify(400, "strict_dynamic_mapping_exception", "bad")).isEqualTo(UpdateOutcome.refused("bad"));
        assertThat(FlightIndex.classify(400, "illegal_argument_exception", "bad")).isEqualTo(UpdateOutcome.refused("bad"));
    }

    @Test
    void shouldRetryOnlyRequestFailuresThatPass() {
        assertThat(FlightIndex.isTransientFailure(new ConnectException("Connection refused"))).isTrue();
        assertThat(FlightIndex.isTransientFailure(new SocketTimeoutException("30,000 milliseconds timeout"))).isTrue();
        assertThat(FlightIndex.isTransientFailure(new IOException("Connection closed"))).isTrue();
        assertThat(FlightIndex.isTransientFailure(refused(429, "es_rejected_execution_exception"))).isTrue();
        assertThat(FlightIndex.isTransientFailure(refused(503, "master_not_discovered_exception"))).isTrue();
        assertThat(FlightIndex.isTransientFailure(transport(502))).as("a proxy's HTML 502").isTrue();
        assertThat(FlightIndex.isTransientFailure(refused(401, "security_exception"))).isFalse();
        assertThat(FlightIndex.isTransientFailure(refused(400, "illegal_argument_exception"))).isFalse();
        assertThat(FlightIndex.isTransientFailure(transport(403))).isFalse();
        assertThat(FlightIndex.isTransientFailure(new IllegalStateException("bug"))).isFalse();
    }

    private static ElasticsearchException refused(int status, String type) {
        return new ElasticsearchException("bulk", ErrorResponse.of(r -> r.status(status).error(e -> e.type(type).reason("test"))));
    }

    /** A response that is not Elasticsearch's JSON, as a proxy in front of the cluster sends. */
    private static TransportException transport(int status) {
        TransportHttpClient.Response response = new TransportHttpClient.Response() {
            @Override
            public TransportHttpClient.Node node() {
                return null;
            }

            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public String header(String name) {
                return null;
            }

            @Override
            public List<String> headers(String name) {
                return List.of();
            }

            @Override
            public BinaryData body() {
                return null;
            }

            @Override
            public Object originalResponse() {
                return null;
            }

            @Override
            public void close() {
            }
        };
        return new TransportException(response, "status " + status + ", body is not JSON", "bulk");
    }

    @Test
    void shouldGiveTheErrorTypeReasonAndCause() {
        ErrorCause error = ErrorCause.of(e -> e.type("document_parsing_exception").reason("[1:120] failed to parse field [baseFare] of type [double]")
                .causedBy(c -> c.type("number_format_exception").reason("For input string: \"free\"")));
        assertThat(FlightIndex.reason(error)).isEqualTo("document_parsing_exception: [1:120] failed to parse field [baseFare] of type [double]"
                + " (caused by number_format_exception: For input string: \"free\")");
    }

    @Test
    void shouldPutAStrictTemplateMappingEveryFieldOfTheDocumentAndIndexOnlyWhatSearchQueries() {
        PutIndexTemplateRequest template = FlightIndex.template("flightdeck-flights", "12h", new JacksonJsonpMapper());

        assertThat(template.name()).isEqualTo("flightdeck-flights");
        assertThat(template.indexPatterns()).containsExactly("flights-v*");
        IndexSettings index = template.template().settings().index();
        assertThat(List.of(index.numberOfShards(), index.numberOfReplicas(), index.refreshInterval().time(), index.gcDeletes().time()))
                .containsExactly("1", "0", "1s", "12h");
        TypeMapping mappings = template.template().mappings();
        assertThat(mappings.dynamic()).isEqualTo(DynamicMapping.Strict);
        PublishedFlight flight = upsert(42, 7).flight();
        Map<String, Property> properties = mappings.properties();
        assertThat(properties.keySet()).containsExactlyInAnyOrderElementsOf(FlightDocuments.document(flight).keySet());
        // Kept for the search API and reconcile to read back, but nothing queries them: not indexed.
        assertThat(properties.get("cabins").object().enabled()).isFalse();
        assertThat(properties.get("takenSeats").keyword().index()).isFalse();
        assertThat(JsonpUtils.toJsonString(properties.get("takenSeats"), new JacksonJsonpMapper())).contains("\"doc_values\":false");
        assertThat(properties.get("available").object().properties().keySet()).containsExactlyInAnyOrder("F", "J", "Y");
        assertThat(properties.get("departureDate").date().format()).isEqualTo("yyyy-MM-dd");
        assertThat(properties.get("baseFare").isDouble()).isTrue();
        assertThat(properties.get("route").isKeyword()).isTrue();
        assertThat(JsonpUtils.toJsonString(template, new JacksonJsonpMapper()))
                .contains("\"gc_deletes\":\"12h\"", "\"dynamic\":\"strict\"", "\"number_of_shards\":\"1\"");
    }
}
