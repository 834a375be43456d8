package dev.mephisto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTest {

    private static final WebHandler OK = request -> WebResponse.status(204);

    @Test
    void shouldRefuseAPathUnderABuiltInEndpoint() {
        App app = App.create("shop");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> app.route("GET", "/tables/mine", OK));
        assertEquals("route GET /tables/mine is under /tables, a built-in endpoint of every worker: choose another"
                + " path, e.g. /app/tables/mine", e.getMessage());
    }

    @Test
    void shouldRefuseTwoRoutesThatMatchTheSameRequests() {
        App app = App.create("shop").route("get", "/orders/{id}", OK);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> app.route("GET", "/orders/{orderId}", OK));
        assertEquals("route GET /orders/{orderId} matches the same requests as route GET /orders/{id}: declare each"
                + " path once", e.getMessage());
        app.route("POST", "/orders/{id}", OK);
        assertEquals(2, app.routes().size());
    }

    @Test
    void shouldHandTheHandlerItsPathParametersAndJson() throws Exception {
        record Note(String text) {
        }
        WebHandler handler = request -> WebResponse.json(Map.of("id", request.pathParam("id"),
                "text", request.json(Note.class).text()));
        WebResponse response = handler.handle(WebRequest.of("POST", "/orders/7/notes", Map.of("id", "7"), Map.of(),
                Map.of("content-type", "application/json"), "{\"text\":\"hi\"}".getBytes(), "r-1"));
        assertEquals(200, response.status());
        assertEquals(Map.of("id", "7", "text", "hi"), response.jsonBody());
        WebRequest bad = WebRequest.of("POST", "/x", Map.of(), Map.of(), Map.of(), "nope".getBytes(), "r-2");
        assertThrows(WebRequest.BadRequestException.class, () -> bad.json(Note.class));
        assertEquals("application/json", bad.header("Content-Type").orElse("application/json"));
    }
}
