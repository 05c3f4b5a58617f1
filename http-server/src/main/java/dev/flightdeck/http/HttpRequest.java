package dev.flightdeck.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A request as a {@link RequestHandler} sees it: already checked to be well-formed (the path
 * decoded, the query split into parameters within the limit), so a handler only judges meaning.
 *
 * @param method     GET, POST, ...
 * @param path       the decoded path, e.g. {@code /flights/42/seats}
 * @param target     the path and query as sent (still percent-encoded), for passing the request on unchanged
 * @param parameters each query parameter's decoded values, in the order given
 * @param requestId  this request's id, also in the {@value #REQUEST_ID_HEADER} response header and the server's log
 * @param client     the peer's address as host:port, for access logs
 */
public record HttpRequest(String method, String path, String target, Map<String, List<String>> parameters,
                          Function<String, String> headers, String requestId, String client) {

    /** The response header with the request's id; a valid one sent by the client (a peer forwarding) is kept. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    public HttpRequest {
        parameters = Map.copyOf(parameters);
    }

    /** The first value of a query parameter; empty when it is absent. */
    public Optional<String> parameter(String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    public boolean hasParameter(String name) {
        return parameters.containsKey(name);
    }

    /** A request header's value; empty when it is absent. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.apply(name));
    }
}
