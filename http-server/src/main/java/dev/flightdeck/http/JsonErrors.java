package dev.flightdeck.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers Jetty itself gives before or around a handler (a malformed request line or escape,
 * headers or a body over the limit, no worker free in time, a handler that threw an Error), in the
 * same JSON as every other error and with a request id; Jetty's own pages would be HTML with the
 * exception's message.
 */
final class JsonErrors extends ErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(JsonErrors.class);

    private final String listener;
    private final HttpLimits limits;

    JsonErrors(String listener, HttpLimits limits) {
        this.listener = listener;
        this.limits = limits;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        Throwable cause = (Throwable) request.getAttribute(ERROR_EXCEPTION);
        if (cause instanceof HttpException http) {
            status = http.getCode();
        }
        if (cause instanceof IOException) {
            status = 400; // the client went away mid-request (EOF, reset): not the service's fault
        } else if (status < 400) {
            status = 500;
        }
        response.setStatus(status);
        String id = response.getHeaders().get(HttpRequest.REQUEST_ID_HEADER);
        if (id == null) {
            id = RequestIds.of(request.getHeaders().get(HttpRequest.REQUEST_ID_HEADER));
            response.getHeaders().put(HttpRequest.REQUEST_ID_HEADER, id);
        }
        if (status >= 500 && status != 503) {
            log.error("{}: {} {} failed (request id {})", listener, request.getMethod(), request.getHttpURI().getPath(), id, cause);
        } else {
            log.debug("{}: {} {} answered {} (request id {}): {}", listener, request.getMethod(), request.getHttpURI().getPath(),
                    status, id, cause == null ? "" : cause.toString());
        }
        response.getHeaders().put(ERROR_CACHE_CONTROL);
        if (status == 503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        }
        if (HttpStatus.hasNoBody(status) || "HEAD".equals(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        byte[] body = HttpResponse.errorJson(status, message(status, id)).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpResponse.JSON);
        response.getHeaders().put(ServiceHandler.NO_SNIFF);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /** What went wrong in the client's terms; Jetty's reasons are exception messages and stay in the log. */
    String message(int status, String requestId) {
        return switch (status) {
            case 400 -> "malformed request: check the request line, the path's %-escapes and the headers";
            case 404 -> "no such endpoint";
            case 405 -> "method not allowed";
            case 408 -> "the request was not received in time";
            case 413 -> "request body larger than " + limits.maxBodyBytes() + " bytes";
            case 414 -> "request URI longer than the " + limits.maxHeaderBytes() + "-byte limit of the request line and headers";
            case 431 -> "request headers larger than " + limits.maxHeaderBytes() + " bytes";
            case 503 -> "too many requests waiting; retry shortly";
            default -> status >= 500
                    ? "internal error" + (requestId == null ? "" : "; request id " + requestId + " is in the server's log")
                    : HttpStatus.getMessage(status);
        };
    }
}
