package dev.flightdeck.search;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A route of the API as its OpenAPI path template ({@code /api/flights/{flightId}/seatmap}); the
 * same template is the key into /openapi.json, so the document and the routes can be checked
 * against each other.
 */
record Route(String template, Pattern pattern) {

    static Route of(String template) {
        String regex = Pattern.quote(template).replaceAll("\\{[A-Za-z]+}", "\\\\E([^/]+)\\\\Q");
        return new Route(template, Pattern.compile(regex));
    }

    /** The path's values for the template's parameters, in order; null when the path is not this route's. */
    List<String> match(String path) {
        Matcher m = pattern.matcher(path);
        if (!m.matches()) {
            return null;
        }
        return java.util.stream.IntStream.rangeClosed(1, m.groupCount()).mapToObj(m::group).toList();
    }
}
