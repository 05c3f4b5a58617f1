package dev.flightdeck.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Where a page of results ended: the last hit's sort value and flight id, for Elasticsearch's
 * {@code search_after}. Opaque to clients (base64url of a small JSON), tied to the sort it was made
 * for, so a cursor reused with another sort is refused rather than skipping results.
 */
record SearchAfterCursor(FlightQuery.Sort sort, boolean descending, double value, long flightId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static SearchAfterCursor parse(String text, FlightQuery.Sort sort, boolean descending) {
        JsonNode node;
        try {
            node = JSON.readTree(Base64.getUrlDecoder().decode(text.strip()));
        } catch (Exception e) {
            throw new BadParameterException("after", "not a cursor this API gave out; pass the 'next' of the previous page");
        }
        if (node == null || !node.path("s").isTextual() || !node.path("v").isNumber() || !node.path("id").canConvertToLong()) {
            throw new BadParameterException("after", "not a cursor this API gave out; pass the 'next' of the previous page");
        }
        if (!node.path("s").asText().equals(sort.name()) || node.path("d").asBoolean() != descending) {
            throw new BadParameterException("after", "this cursor belongs to another sort or order; search again from the first page");
        }
        return new SearchAfterCursor(sort, descending, node.path("v").asDouble(), node.path("id").asLong());
    }

    String encode() {
        ObjectNode node = JSON.createObjectNode().put("s", sort.name()).put("d", descending).put("v", value).put("id", flightId);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The values for search_after, in the order of the search's sort: the field, then the flight id. */
    List<FieldValue> searchAfter() {
        FieldValue first = sort == FlightQuery.Sort.FARE ? FieldValue.of(value) : FieldValue.of((long) value);
        return List.of(first, FieldValue.of(flightId));
    }
}
