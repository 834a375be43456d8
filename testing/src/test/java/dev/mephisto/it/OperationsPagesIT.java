package dev.mephisto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.KeyValueTable;
import dev.mephisto.Topic;
import dev.mephisto.WebResponse;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.testing.KafkaClusterExtension;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard, JSON errors, the app's own routes and the topology page of a running worker. */
@Timeout(300)
class OperationsPagesIT {

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the screenshots go; the guide's copies are taken from here. */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    record Greeting(String name) {
    }

    static App shop() {
        App app = App.create("shop");
        Topic<String, String> orders = app.topic(Topic.of("shop-orders", Codec.string(), Codec.string()).withIngress());
        Topic<String, String> accepted = app.topic("shop-accepted", Codec.string(), Codec.string());
        Topic<String, Long> totals = app.topic("shop-totals", Codec.string(), Codec.int64());
        KeyValueTable<String, Long> counts = app.table("shop-counts", Codec.string(), Codec.int64());
        app.agent("accept", orders, (key, value, ctx) -> {
            if (value.equals("bad")) {
                throw ctx.reject("an order may not be 'bad'");
            }
            ctx.send(accepted, key, value);
        }).sendsTo(accepted);
        app.agent("count", accepted, (key, value, ctx) -> ctx.send(totals, key,
                ctx.table(counts).merge(key, 1L, Long::sum))).sendsTo(totals).uses(counts);
        app.route("GET", "/shop/greeting/{name}", request -> WebResponse.json(Map.of("hello", request.pathParam("name"),
                "requestId", request.requestId())));
        app.route("POST", "/shop/greeting", request -> WebResponse.json(201, request.json(Greeting.class))
                .withHeader("Location", "/shop/greeting/" + request.json(Greeting.class).name()));
        app.route("GET", "/shop/broken", request -> {
            throw new IllegalStateException("out of stock");
        });
        return app;
    }

    @Test
    void shouldServeTheDashboardTheAppsRoutesAndJsonErrors() throws Exception {
        App app = shop();
        try (Worker worker = Worker.start(app, WorkerOptions.defaults().withBroker(kafka.bootstrapServers())
                .withStateDir(dir.resolve("state")).withWebPort(0))) {
            worker.awaitRunning(Duration.ofSeconds(60));
            String base = "http://localhost:" + worker.webPort();
            for (String value : List.of("a", "b", "bad")) {
                assertEquals(202, post(base + "/topics/shop-orders?key=k-" + value, value, Map.of()).statusCode());
            }
            awaitBody(base + "/", "an order may not be &#39;bad&#39;", "an order may not be 'bad'");

            HttpResponse<String> dashboard = get(base + "/");
            assertEquals(200, dashboard.statusCode());
            assertEquals("text/html; charset=utf-8", dashboard.headers().firstValue("Content-Type").orElseThrow());
            String page = dashboard.body();
            for (String part : List.of("<h1>shop</h1>", "RUNNING", "<b>accept</b>", "<b>count</b>", "shop-counts",
                    "shop-orders</td><td>declared, ingress", "shop.dlq</td><td>dead letters", "agent",
                    "href=\"/metrics\"", "href=\"/topology?format=html\"", "href=\"/health/ready\"",
                    "<code>GET /shop/greeting/{name}</code>", "<code>POST /topics/shop-orders</code>")) {
                assertTrue(page.contains(part), part + " in\n" + page);
            }
            assertFalse(page.contains("<script") || page.contains("//cdn"), "offline");

            for (String path : List.of("/nope", "/health/live/extra", "/metrics/x", "/agents/1", "/shop")) {
                HttpResponse<String> missing = get(base + path);
                assertEquals(404, missing.statusCode(), path);
                assertTrue(missing.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"), path);
                assertEquals("nothing is served at GET " + path + "; see GET / for the endpoints of this worker",
                        JSON.readTree(missing.body()).get("error").asText());
            }

            HttpResponse<String> hello = http.send(HttpRequest.newBuilder(URI.create(base + "/shop/greeting/ana%20b"))
                    .header("X-Request-Id", "req-9").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, hello.statusCode(), hello.body());
            assertEquals("ana b", JSON.readTree(hello.body()).get("hello").asText());
            assertEquals("req-9", JSON.readTree(hello.body()).get("requestId").asText());
            assertEquals("req-9", hello.headers().firstValue("X-Request-Id").orElseThrow());
            HttpResponse<String> created = post(base + "/shop/greeting", "{\"name\":\"bo\"}", Map.of());
            assertEquals(201, created.statusCode(), created.body());
            assertEquals("/shop/greeting/bo", created.headers().firstValue("Location").orElseThrow());
            assertEquals(36, created.headers().firstValue("X-Request-Id").orElseThrow().length(), "a new request id");
            HttpResponse<String> bad = post(base + "/shop/greeting", "{oops", Map.of());
            assertEquals(400, bad.statusCode());
            assertTrue(JSON.readTree(bad.body()).get("error").asText().startsWith(
                    "the body of POST /shop/greeting is not a JSON Greeting: "), bad.body());
            HttpResponse<String> wrongMethod = post(base + "/shop/greeting/ana", "", Map.of());
            assertEquals(405, wrongMethod.statusCode());
            assertEquals("GET", wrongMethod.headers().firstValue("Allow").orElseThrow());
            HttpResponse<String> broken = get(base + "/shop/broken");
            assertEquals(500, broken.statusCode());
            assertTrue(JSON.readTree(broken.body()).get("error").asText().startsWith(
                    "route GET /shop/broken failed: java.lang.IllegalStateException: out of stock (requestId "), broken.body());
            awaitBody(base + "/tables/shop-counts/k-a", "\"value\" : 1"); // the routed lookup stays

            HttpResponse<String> topology = get(base + "/topology?format=html");
            assertEquals(app.topologyHtml(), topology.body(), "the CLI's page is the served one");

            if (HeadlessChromium.available()) {
                java.nio.file.Files.createDirectories(SCREENSHOTS);
                BufferedImage shot = HeadlessChromium.screenshot(base + "/", SCREENSHOTS.resolve("dashboard.png"), 1200,
                        900, dir);
                assertTrue(HeadlessChromium.pixelsOf(shot, 0x0f172a) > 1000, "the header is drawn");
                assertTrue(HeadlessChromium.pixelsOf(shot, 0xdcfce7) > 50, "the green RUNNING badge is drawn");
                BufferedImage picture = HeadlessChromium.screenshot(base + "/topology?format=html",
                        SCREENSHOTS.resolve("topology-shop.png"), 1200, 900, dir);
                assertTrue(HeadlessChromium.pixelsOf(picture, 0xfef3c7) > 500, "agents drawn as SVG, offline");
                assertTrue(HeadlessChromium.pixelsOf(picture, 0xdbeafe) > 500, "topics drawn");
            } else {
                System.out.println("SKIPPED the Chromium rendering: no executable at " + HeadlessChromium.BINARY);
            }
        }
    }

    @Test
    void shouldLetGetFindTheWorkerByTheAddressItRecordedBesideItsData() throws Exception {
        App app = shop();
        Path data = dir.resolve("data");
        try (Worker worker = Worker.start(app, WorkerOptions.defaults().withBroker(kafka.bootstrapServers())
                .withStateDir(dir.resolve("state")).withDataDir(data).withWebPort(0))) {
            worker.awaitRunning(Duration.ofSeconds(60));
            assertEquals(202, post("http://localhost:" + worker.webPort() + "/topics/shop-orders?key=k", "x", Map.of())
                    .statusCode());
            awaitBody("http://localhost:" + worker.webPort() + "/tables/shop-counts/k", "\"value\" : 1");

            assertEquals("1", CliDemoAppsIT.cli(app, "get", "shop-counts", "k", "--data-dir", data.toString()).trim(),
                    "found on port " + worker.webPort() + " without --worker");
            assertEquals("1", CliDemoAppsIT.cli(app, "get", "shop-counts", "k", "--data-dir", data.toString(),
                    "--worker", "localhost:" + worker.webPort()).trim(), "the flag wins");
        }
        java.io.StringWriter err = new java.io.StringWriter();
        int code = dev.mephisto.cli.Cli.of(settings -> app).env(Map.of("MEPHISTO_WEB_PORT", "1")).out(new java.io.PrintWriter(new java.io.StringWriter()))
                .err(new java.io.PrintWriter(err)).run("get", "shop-counts", "k", "--data-dir", data.toString());
        assertEquals(1, code);
        assertTrue(err.toString().startsWith("error: no worker answers at http://localhost:1 ("), "a stopped worker"
                + " removes its address, so the web port setting is asked: " + err);
    }

    private void awaitBody(String url, String... anyOf) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = get(url).body();
            for (String part : anyOf) {
                if (body.contains(part)) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(List.of(anyOf) + " not in\n" + body);
    }

    private static HttpResponse<String> post(String url, String body, Map<String, String> headers) throws Exception {
        return OperationsIT.post(url, body, headers);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return OperationsIT.get(url);
    }
}
