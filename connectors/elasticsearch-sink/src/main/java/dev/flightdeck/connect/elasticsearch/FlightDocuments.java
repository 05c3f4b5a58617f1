package dev.flightdeck.connect.elasticsearch;

import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.util.BinaryData;
import dev.flightdeck.connect.sink.PublishedFlight;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A flight's search document, shaped for the queries of the search UI: by route and UTC day, by
 * seats left in a cabin, by fare. Its fields are exactly the mapping in flights-template.json,
 * which is strict: a field added here and not there is refused by Elasticsearch.
 */
public final class FlightDocuments {

    private FlightDocuments() {
    }

    /**
     * The document as JSON-ready values: times as ISO-8601 UTC strings, the fare as the exact
     * decimal (indexed as double, kept exactly in _source), absent optional facts left out.
     */
    static Map<String, Object> document(PublishedFlight flight) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("flightId", flight.flightId());
        document.put("version", flight.version());
        document.put("flightNumber", flight.flightNumber());
        document.put("origin", flight.origin());
        document.put("destination", flight.destination());
        document.put("route", route(flight));
        document.put("departureTime", flight.departureTime().toString());
        document.put("arrivalTime", flight.arrivalTime().toString());
        document.put("departureDate", flight.departureDay().toString());
        document.put("aircraftType", flight.aircraftType());
        if (flight.aircraftModel() != null) {
            document.put("aircraftModel", flight.aircraftModel());
        }
        document.put("status", flight.status());
        document.put("baseFare", flight.baseFare());
        document.put("currency", flight.currency());
        document.put("availableSeats", flight.availableSeats());
        Map<String, Integer> available = new LinkedHashMap<>();
        for (PublishedFlight.Cabin cabin : flight.cabins()) {
            available.put(cabin.cabin(), cabin.available());
        }
        document.put("available", available);
        document.put("cabins", flight.cabins().stream().map(FlightDocuments::cabin).toList());
        document.put("takenSeats", List.copyOf(flight.takenSeats()));
        if (flight.sourceTimestamp() != null) {
            document.put("sourceTimestamp", flight.sourceTimestamp().toString());
        }
        if (flight.updatedAt() != null) {
            document.put("updatedAt", flight.updatedAt().toString());
        }
        return document;
    }

    /** The document serialized once: the bulk request sends these bytes as they are, and they size the request. */
    public static BinaryData json(PublishedFlight flight, JsonpMapper mapper) {
        return BinaryData.of(document(flight), mapper);
    }

    /** "ORIGIN-DESTINATION", e.g. FRA-LIS: one keyword to filter a route on. */
    static String route(PublishedFlight flight) {
        return flight.origin() + "-" + flight.destination();
    }

    private static Map<String, Object> cabin(PublishedFlight.Cabin cabin) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("cabin", cabin.cabin());
        fields.put("capacity", cabin.capacity());
        fields.put("held", cabin.held());
        fields.put("confirmed", cabin.confirmed());
        fields.put("available", cabin.available());
        return fields;
    }
}
