package dev.flightdeck.http;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Jetty's side of a {@link RequestHandler}: the request checked and decoded, the answer written, failures answered 500. */
final class ServiceHandler extends Handler.Abstract {

    private static final Logger log = LoggerFactory.getLogger(ServiceHandler.class);

    /** Browsers must take a body for its declared type, never sniff HTML out of a JSON error that quotes input. */
    static final HttpField NO_SNIFF = new PreEncodedHttpField("X-Content-Type-Options", "nosniff");

    private final String listener;
    private final HttpLimits limits;
    private final RequestHandler service;

    ServiceHandler(String listener, HttpLimits limits, RequestHandler service) {
        this.listener = listener;
        this.limits = limits;
        this.service = service;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String id = RequestIds.of(request.getHeaders().get(HttpRequest.REQUEST_ID_HEADER));
        String path = request.getHttpURI().getDecodedPath();
        HttpResponse answer;
        try {
            Map<String, List<String>> parameters = QueryString.parse(request.getHttpURI().getQuery(), limits.maxQueryParameters());
            answer = service.handle(new HttpRequest(request.getMethod(), path, request.getHttpURI().getPathQuery(), parameters,
                    name -> request.getHeaders().get(name), id, Request.getRemoteAddr(request) + ":" + Request.getRemotePort(request)));
        } catch (MalformedRequestException e) {
            answer = HttpResponse.error(e.status(), e.getMessage());
        } catch (Exception e) {
            log.error("{}: {} {} failed (request id {})", listener, request.getMethod(), path, id, e);
            answer = HttpResponse.error(500, "internal error; request id " + id + " is in the server's log");
        }
        response.setStatus(answer.status());
        response.getHeaders().put(HttpRequest.REQUEST_ID_HEADER, id);
        answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
        response.getHeaders().put(NO_SNIFF);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
        return true;
    }
}
