package dev.mephisto;

/**
 * The code behind one of the app's own HTTP routes ({@link App#route}): takes the request, gives
 * the response. An exception it throws becomes a JSON 500 naming the route and the request id
 * (logged with its stack trace); {@link WebResponse#error} answers an error of your choosing.
 *
 * <pre>{@code
 * app.route("GET", "/orders/{id}/total", request -> WebResponse.json(Map.of("id", request.pathParam("id"))));
 * }</pre>
 */
@FunctionalInterface
public interface WebHandler {

    /** Answers {@code request}. */
    WebResponse handle(WebRequest request) throws Exception;
}
