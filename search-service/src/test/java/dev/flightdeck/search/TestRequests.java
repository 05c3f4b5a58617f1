package dev.flightdeck.search;

import dev.flightdeck.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Requests as the HTTP server hands them to a handler, built without a server. */
final class TestRequests {

    static final String REQUEST_ID = "req-1";
    static final String CLIENT = "127.0.0.1:1";

    private TestRequests() {
    }

    static HttpRequest get(String path) {
        return request("GET", path, Map.of(), Map.of());
    }

    /** A GET with query parameters given as name, value, name, value... (one value each). */
    static HttpRequest get(String path, String... nameValuePairs) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            parameters.put(nameValuePairs[i], List.of(nameValuePairs[i + 1]));
        }
        return request("GET", path, parameters, Map.of());
    }

    /** Header names are case-insensitive, as in HTTP. */
    static HttpRequest request(String method, String path, Map<String, List<String>> parameters, Map<String, String> headers) {
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        return new HttpRequest(method, path, path, parameters, byName::get, REQUEST_ID, CLIENT);
    }
}
