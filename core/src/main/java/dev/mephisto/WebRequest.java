package dev.mephisto;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A request to one of the app's own routes ({@link App#route}): method, path, the values of the
 * path's {@code {name}} segments, query parameters, headers, body and request id. Immutable; a
 * test can make one with {@link #of} and call its handler directly.
 *
 * <pre>{@code
 * app.route("POST", "/orders/{id}/notes", request -> {
 *     Note note = request.json(Note.class);          // 400 with the reason when it is not a Note
 *     return WebResponse.json(202, Map.of("id", request.pathParam("id"), "requestId", request.requestId()));
 * });
 * }</pre>
 */
public final class WebRequest {

    private final String method;
    private final String path;
    private final Map<String, String> pathParams;
    private final Map<String, String> query;
    private final Map<String, String> headers;
    private final byte[] body;
    private final String requestId;

    private WebRequest(String method, String path, Map<String, String> pathParams, Map<String, String> query,
            Map<String, String> headers, byte[] body, String requestId) {
        this.method = method;
        this.path = path;
        this.pathParams = Map.copyOf(pathParams);
        this.query = Map.copyOf(query);
        TreeMap<String, String> named = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        named.putAll(headers);
        this.headers = java.util.Collections.unmodifiableMap(named);
        this.body = body.clone();
        this.requestId = requestId;
    }

    /** A request as the worker hands it to a handler (header names compare without case). */
    public static WebRequest of(String method, String path, Map<String, String> pathParams, Map<String, String> query,
            Map<String, String> headers, byte[] body, String requestId) {
        Objects.requireNonNull(method, "method can't be null");
        Objects.requireNonNull(path, "path can't be null");
        Objects.requireNonNull(requestId, "requestId can't be null");
        return new WebRequest(method, path, pathParams, query, headers, body == null ? new byte[0] : body, requestId);
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The value of the path's {@code {name}} segment, decoded. */
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the route has no path parameter '" + name + "'; it has "
                    + new TreeMap<>(pathParams).keySet());
        }
        return value;
    }

    /** A query parameter ({@code ?name=value}), decoded. */
    public Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** A header (the name compares without case). */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    public byte[] body() {
        return body.clone();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body read as JSON into {@code type} with the app's JSON mapper; when it is not one, the
     * worker answers 400 with the reason (the handler's code after this line does not run).
     */
    public <T> T json(Class<T> type) {
        try {
            return Codec.json(type).decode(body);
        } catch (RuntimeException e) {
            throw new BadRequestException("the body of " + method + " " + path + " is not a JSON "
                    + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * The request id: the request's {@code X-Request-Id}, or a new one. It is in the log context while
     * the handler runs, and in the response's {@code X-Request-Id}; send it on with
     * {@code Outgoing.withRequestId} to follow the request through the agents.
     */
    public String requestId() {
        return requestId;
    }

    /** Thrown by {@link #json} for a body that is not the type asked for; the worker answers 400 with its message. */
    public static final class BadRequestException extends IllegalArgumentException {

        public BadRequestException(String message) {
            super(message);
        }
    }

    @Override
    public String toString() {
        return "WebRequest(" + method + " " + path + ", requestId=" + requestId + ")";
    }
}
