package dev.mephisto.internal.web;

import com.sun.net.httpserver.HttpExchange;
import dev.mephisto.AgentContext;
import dev.mephisto.internal.runtime.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.HashMap;
import java.util.Map;

/** A server span per traced HTTP request (ingress and the app's routes), continuing the caller's {@code traceparent}. */
final class HttpSpans {

    private HttpSpans() {
    }

    /** Starts the span of {@code exchange}; {@code route} is its path pattern, the span's name. */
    static Span start(Tracer tracer, HttpExchange exchange, String route) {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
        return Tracing.fromTextHeaders(tracer, route, headers).setSpanKind(SpanKind.SERVER)
                .setAttribute("http.request.method", exchange.getRequestMethod())
                .setAttribute("http.route", route.substring(route.indexOf(' ') + 1))
                .setAttribute("url.path", exchange.getRequestURI().getRawPath()).startSpan();
    }

    /** Ends it with the status and the request id the answer carries. */
    static void end(Span span, HttpExchange exchange) {
        int status = exchange.getResponseCode();
        span.setAttribute("http.response.status_code", status);
        String requestId = exchange.getResponseHeaders().getFirst(AgentContext.REQUEST_ID_HTTP_HEADER);
        if (requestId != null) {
            span.setAttribute(Tracing.REQUEST_ID_ATTRIBUTE, requestId);
        }
        if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }
}
