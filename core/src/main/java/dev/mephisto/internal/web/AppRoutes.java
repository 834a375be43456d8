package dev.mephisto.internal.web;

import com.sun.net.httpserver.HttpExchange;
import dev.mephisto.AgentContext;
import dev.mephisto.Route;
import dev.mephisto.WebRequest;
import dev.mephisto.WebResponse;
import dev.mephisto.internal.codec.JsonCodec;
import dev.mephisto.internal.runtime.RequestIds;
import dev.mephisto.internal.runtime.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The app's own routes on the worker's server: finds the route of a request, hands its handler a
 * {@link WebRequest} with the request id (in the log context too), and writes the
 * {@link WebResponse} with the id in {@code X-Request-Id}. A handler's exception is a JSON 500.
 */
final class AppRoutes {

    private static final Logger log = LoggerFactory.getLogger(AppRoutes.class);
    /** The largest body a route is handed; more is a 413. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private final List<Route> routes;

    AppRoutes(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** Serves the request when a route's path matches it (405 when only another method does); false when none does. */
    boolean serve(HttpExchange exchange) throws IOException {
        String[] asked = exchange.getRequestURI().getRawPath().substring(1).split("/", -1);
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Map<String, String> params = match(route, asked);
            if (params == null) {
                continue;
            }
            if (!route.method().equals(exchange.getRequestMethod())) {
                allowed.add(route.method());
                continue;
            }
            Tracer tracer = Tracing.tracer();
            if (tracer == null) {
                handle(exchange, route, params);
                return true;
            }
            Span span = HttpSpans.start(tracer, exchange, route.method() + " " + route.path());
            try (Scope scope = span.makeCurrent()) {
                handle(exchange, route, params);
            } finally {
                HttpSpans.end(span, exchange);
            }
            return true;
        }
        if (allowed.isEmpty()) {
            return false;
        }
        exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
        Exchanges.json(exchange, 405, Answer.error(405, exchange.getRequestURI().getRawPath() + " takes "
                + String.join(" or ", allowed)).body());
        return true;
    }

    private static Map<String, String> match(Route route, String[] asked) {
        String[] pattern = route.path().substring(1).split("/", -1);
        if (pattern.length != asked.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].startsWith("{") && pattern[i].endsWith("}") && !asked[i].isEmpty()) {
                params.put(pattern[i].substring(1, pattern[i].length() - 1), Exchanges.decode(asked[i]));
            } else if (!pattern[i].equals(asked[i])) {
                return null;
            }
        }
        return params;
    }

    private void handle(HttpExchange exchange, Route route, Map<String, String> params) throws IOException {
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        String given = exchange.getRequestHeaders().getFirst(AgentContext.REQUEST_ID_HTTP_HEADER);
        String requestId = given == null || given.isBlank() ? RequestIds.newId() : given;
        exchange.getResponseHeaders().set(AgentContext.REQUEST_ID_HTTP_HEADER, requestId);
        if (body.length > MAX_BODY_BYTES) {
            Exchanges.json(exchange, 413, Answer.error(413, "the body is larger than the " + MAX_BODY_BYTES
                    + "-byte limit of route " + route.method() + " " + route.path()).body());
            return;
        }
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
        WebRequest request = WebRequest.of(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), params,
                Exchanges.query(exchange), headers, body, requestId);
        MDC.put(AgentContext.REQUEST_ID_MDC_KEY, requestId);
        WebResponse response;
        try {
            response = route.handler().handle(request);
            if (response == null) {
                throw new IllegalStateException("the handler returned null; return a WebResponse");
            }
        } catch (WebRequest.BadRequestException e) {
            Exchanges.json(exchange, 400, Answer.error(400, e.getMessage()).body());
            return;
        } catch (Exception e) {
            log.error("route {} {} failed requestId={}", route.method(), route.path(), requestId, e);
            Exchanges.json(exchange, 500, Answer.error(500, "route " + route.method() + " " + route.path()
                    + " failed: " + e + " (requestId " + requestId + ", logged with its stack trace)").body());
            return;
        } finally {
            MDC.remove(AgentContext.REQUEST_ID_MDC_KEY);
        }
        response.headers().forEach(exchange.getResponseHeaders()::set);
        byte[] bytes = response.jsonBody() != null || response.bytes() == null
                ? JsonCodec.defaultMapper().writeValueAsBytes(response.jsonBody()) : response.bytes();
        Exchanges.send(exchange, response.status(), response.contentType(), bytes);
    }
}
