package dev.mephisto;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One of the app's own HTTP routes, served by every worker beside the built-in endpoints: a method,
 * a path whose {@code {name}} segments match any one segment ({@link WebRequest#pathParam}), and
 * the handler. Declared with {@link App#route}.
 *
 * <pre>{@code
 * app.route("GET", "/customers/{id}", request -> WebResponse.json(lookUp(request.pathParam("id"))));
 * }</pre>
 */
public record Route(String method, String path, WebHandler handler) {

    /** The built-in endpoints' paths: a route may not start with one of them (nor be {@code /}). */
    public static final List<String> RESERVED = List.of("/health", "/metrics", "/topology", "/agents", "/tables",
            "/topics", "/pause", "/resume");

    /** Checks the route: a known method, a path starting with {@code /} outside the built-in ones. */
    public Route {
        Objects.requireNonNull(method, "method can't be null");
        Objects.requireNonNull(path, "path can't be null (route " + method + ")");
        Objects.requireNonNull(handler, "handler can't be null (route " + method + " " + path + ")");
        method = method.toUpperCase(Locale.ROOT);
        if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
            throw new IllegalArgumentException("route " + method + " " + path + ": the method must be GET, POST, PUT,"
                    + " PATCH or DELETE");
        }
        if (!path.startsWith("/") || path.equals("/") || path.contains("//") || path.contains("?")) {
            throw new IllegalArgumentException("route " + method + " '" + path + "': the path must start with '/',"
                    + " name at least one segment and hold no '//' or '?' (query parameters are read with"
                    + " request.query(name)), e.g. /orders/{id}");
        }
        for (String reserved : RESERVED) {
            if (path.equals(reserved) || path.startsWith(reserved + "/")) {
                throw new IllegalArgumentException("route " + method + " " + path + " is under " + reserved
                        + ", a built-in endpoint of every worker: choose another path, e.g. /app" + path);
            }
        }
    }

    /** The path's segments, {@code {name}} ones as they are. */
    List<String> segments() {
        return List.of(path.substring(1).split("/", -1));
    }
}
