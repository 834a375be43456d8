package dev.mephisto.internal.web;

import static dev.mephisto.internal.web.Exchanges.decode;
import static dev.mephisto.internal.web.Exchanges.json;
import static dev.mephisto.internal.web.Exchanges.query;
import static dev.mephisto.internal.web.Exchanges.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.mephisto.AgentContext;
import dev.mephisto.Agent;
import dev.mephisto.App;
import dev.mephisto.WorkerState;
import dev.mephisto.internal.compile.TopologyFormats;
import dev.mephisto.internal.health.HealthWatch;
import dev.mephisto.internal.runtime.DeadLetterTopic;
import dev.mephisto.internal.runtime.StatsReporter;
import dev.mephisto.internal.runtime.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import dev.mephisto.internal.runtime.WorkerMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TopologyDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's HTTP surface on the JDK's own server: health, metrics, topology, agents, table
 * lookups routed to the owning worker, the ingress, and pause/resume.
 */
public final class OperationsServer implements AutoCloseable {

    /**
     * What the server serves, from the worker that runs it: the app's name, agents and topology, the
     * worker's state, Kafka Streams as it is now (to pause and resume), and the worker's other parts.
     */
    public record Parts(App app, TopologyDescription topology, Supplier<WorkerState> state,
            Supplier<KafkaStreams> streams, TableLookup tables, StatsReporter stats, WorkerMetrics metrics, Ingress ingress,
            String adminToken, HealthWatch health, DeadLetterTopic deadLetters) {
    }

    /** Threads answering requests: enough that slow clients, each cut off after the request timeout, cannot starve health. */
    static final int THREADS = 64;
    /** Seconds a client may take to send its request (line, headers and body), unless set by the JVM property. */
    static final String MAX_REQUEST_SECONDS = "10";
    /** Seconds a client may take to read the answer, unless set by the JVM property. */
    static final String MAX_RESPONSE_SECONDS = "30";
    /** Seconds a keep-alive connection may sit idle, unless set by the JVM property. */
    static final String IDLE_SECONDS = "30";

    private static final Logger log = LoggerFactory.getLogger(OperationsServer.class);
    static final String FORWARDED_HEADER = "X-Mephisto-Forwarded";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Parts parts;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AppRoutes routes;

    private OperationsServer(HttpServer server, ExecutorService executor, Parts parts) {
        this.server = server;
        this.executor = executor;
        this.parts = parts;
        this.routes = new AppRoutes(parts.app().routes());
    }

    /** Starts serving on {@code address} (port 0 for any free port). */
    public static OperationsServer start(InetSocketAddress address, Parts parts) throws IOException {
        applyServerDefaults();
        HttpServer server = HttpServer.create(address, 0);
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "mephisto-web-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        OperationsServer ops = new OperationsServer(server, executor, parts);
        ops.route("/health/live", "GET", ops::live);
        ops.route("/health/ready", "GET", ops::ready);
        ops.route("/metrics", "GET", ops::metrics);
        ops.route("/topology", "GET", ops::topology);
        ops.route("/agents", "GET", ops::agents);
        ops.route("/tables/", "GET", ops::table);
        ops.route("/topics/", "POST", ops::ingress);
        ops.route("/pause", "POST", exchange -> ops.pauseOrResume(exchange, true));
        ops.route("/resume", "POST", exchange -> ops.pauseOrResume(exchange, false));
        ops.route("/", "GET", ops::rootOrOwnRoute);
        server.start();
        log.info("operations HTTP ready address={} port={} threads={} maxReqTimeS={} maxRspTimeS={}",
                server.getAddress().getAddress().getHostAddress(), server.getAddress().getPort(), THREADS,
                System.getProperty("sun.net.httpserver.maxReqTime"), System.getProperty("sun.net.httpserver.maxRspTime"));
        return ops;
    }

    /**
     * The JDK server reads its limits from system properties once, when its classes load (the first
     * server in the JVM): without them a client that sends half a request holds a thread forever.
     * A property the user set wins.
     */
    private static void applyServerDefaults() {
        // small responses otherwise wait out the peer's delayed ACK (~40 ms each)
        defaultProperty("sun.net.httpserver.nodelay", "true");
        defaultProperty("sun.net.httpserver.maxReqTime", MAX_REQUEST_SECONDS);
        defaultProperty("sun.net.httpserver.maxRspTime", MAX_RESPONSE_SECONDS);
        defaultProperty("sun.net.httpserver.idleInterval", IDLE_SECONDS);
    }

    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Serves {@code path} (and, ending in {@code /}, what is under it; {@code /} is the dashboard and
     * the app's own routes, {@link AppRoutes}); anything else under it is a JSON 404.
     */
    private void route(String path, String method, HttpHandler handler) {
        server.createContext(path, exchange -> {
            try (exchange) {
                String asked = exchange.getRequestURI().getRawPath();
                if (!path.endsWith("/") && !asked.equals(path)) {
                    notFound(exchange);
                    return;
                }
                if (path.equals("/")) {
                    handler.handle(exchange);
                    return;
                }
                if (!exchange.getRequestMethod().equals(method)) {
                    exchange.getResponseHeaders().set("Allow", method);
                    json(exchange, 405, Answer.error(405, path + " takes " + method).body());
                    return;
                }
                handler.handle(exchange);
            } catch (RuntimeException e) {
                log.error("HTTP {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                json(exchange, 500, Answer.error(500, "the worker failed to answer: " + e).body());
            }
        });
    }

    private void rootOrOwnRoute(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (!path.equals("/")) {
            if (!routes.serve(exchange)) {
                notFound(exchange);
            }
            return;
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            json(exchange, 405, Answer.error(405, "/ takes GET").body());
            return;
        }
        send(exchange, 200, "text/html; charset=utf-8", DashboardPage.html(dashboard()).getBytes(StandardCharsets.UTF_8));
    }

    private DashboardPage.View dashboard() {
        Map<String, Double> entries = new HashMap<>();
        parts.app().tables().forEach(table -> entries.put(table.name(), parts.metrics().approximateEntries(table.name())));
        return new DashboardPage.View(parts.app(), parts.state().get(), parts.streams().get().isPaused(),
                parts.health() == null ? List.of() : parts.health().problems(), parts.stats().snapshots(),
                parts.metrics().lag(), entries, parts.deadLetters().recent());
    }

    /** A JSON 404 listing the endpoints, for any path nothing serves. */
    static void notFound(HttpExchange exchange) throws IOException {
        json(exchange, 404, Answer.error(404, "nothing is served at " + exchange.getRequestMethod() + " "
                + exchange.getRequestURI().getRawPath() + "; see GET / for the endpoints of this worker").body());
    }

    private void live(HttpExchange exchange) throws IOException {
        WorkerState state = parts.state().get();
        json(exchange, state.alive() ? 200 : 503, stateBody(state));
    }

    private void ready(HttpExchange exchange) throws IOException {
        WorkerState state = parts.state().get();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("state", state.name());
        ArrayNode reasons = JsonNodeFactory.instance.arrayNode();
        if (state != WorkerState.RUNNING && state != WorkerState.PAUSED) {
            reason(reasons, "state", "the worker is " + state + ", not RUNNING"
                    + (state == WorkerState.REBALANCING ? ": partitions are being assigned or restored" : ""));
        }
        if (parts.streams().get().isPaused()) {
            reason(reasons, "paused", "the worker was paused with POST /pause and processes nothing until"
                    + " POST /resume");
        }
        if (parts.health() != null) {
            parts.health().problems().forEach(problem -> reason(reasons, problem.check(), problem.message()));
        }
        body.put("ready", reasons.isEmpty());
        if (!reasons.isEmpty()) {
            body.set("reasons", reasons);
        }
        json(exchange, reasons.isEmpty() ? 200 : 503, body);
    }

    private static void reason(ArrayNode reasons, String check, String message) {
        ObjectNode reason = reasons.addObject();
        reason.put("check", check);
        reason.put("message", message);
    }

    private void metrics(HttpExchange exchange) throws IOException {
        send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                parts.metrics().scrape().getBytes(StandardCharsets.UTF_8));
    }

    private void topology(HttpExchange exchange) throws IOException {
        String format = query(exchange).getOrDefault("format", "text");
        TopologyDescription description = parts.topology();
        switch (format) {
            case "text" -> send(exchange, 200, "text/plain; charset=utf-8",
                    description.toString().getBytes(StandardCharsets.UTF_8));
            case "mermaid" -> send(exchange, 200, "text/plain; charset=utf-8",
                    TopologyFormats.mermaid(description).getBytes(StandardCharsets.UTF_8));
            case "dot" -> send(exchange, 200, "text/vnd.graphviz; charset=utf-8",
                    TopologyFormats.dot(description).getBytes(StandardCharsets.UTF_8));
            case "html" -> send(exchange, 200, "text/html; charset=utf-8",
                    parts.app().topologyHtml().getBytes(StandardCharsets.UTF_8));
            default -> json(exchange, 400, Answer.error(400, "format must be text, mermaid, dot or html, got '"
                    + format + "'").body());
        }
    }

    private void agents(HttpExchange exchange) throws IOException {
        Map<String, StatsReporter.Snapshot> stats = new HashMap<>();
        parts.stats().snapshots().forEach(snapshot -> stats.put(snapshot.agent(), snapshot));
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (Agent agent : parts.app().agents()) {
            ObjectNode node = list.addObject();
            node.put("name", agent.name());
            agent.sources().forEach(node.putArray("reads")::add);
            agent.sendsTo().forEach(node.putArray("sendsTo")::add);
            agent.tables().forEach(node.putArray("tables")::add);
            StatsReporter.Snapshot snapshot = stats.get(agent.name());
            if (snapshot != null) {
                putWindow(node, snapshot.total());
                putWindow(node.putObject("lastInterval"), snapshot.interval());
            }
        }
        json(exchange, 200, list);
    }

    /** One window's figures, the same names at the top (since start) and under {@code lastInterval}. */
    private static void putWindow(ObjectNode node, StatsReporter.Window window) {
        node.put("seconds", window.seconds());
        node.put("consumed", window.consumed());
        node.put("sent", window.sent());
        node.put("errors", window.errors());
        node.put("ratePerSecond", window.ratePerSecond());
        node.put("meanMillis", window.meanMillis());
        node.put("p99Millis", window.p99Millis());
    }

    private void table(HttpExchange exchange) throws IOException {
        String rest = exchange.getRequestURI().getRawPath().substring("/tables/".length());
        String[] parts2 = rest.split("/", 2);
        if (parts2.length != 2 || parts2[0].isEmpty() || parts2[1].isEmpty()) {
            json(exchange, 400, Answer.error(400, "use GET /tables/{table}/{key}").body());
            return;
        }
        LookupResult result = parts.tables().lookup(decode(parts2[0]), decode(parts2[1]));
        boolean forwarded = exchange.getRequestHeaders().containsKey(FORWARDED_HEADER);
        if (result instanceof LookupResult.Elsewhere elsewhere && !forwarded) {
            forward(exchange, elsewhere.owner(), exchange.getRequestURI().getRawPath());
            return;
        }
        Answer answer = LookupAnswer.of(result);
        json(exchange, answer.status(), answer.body());
    }

    private void forward(HttpExchange exchange, String owner, String path) throws IOException {
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create("http://" + owner + path))
                    .header(FORWARDED_HEADER, "1").timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            send(exchange, response.statusCode(), "application/json; charset=utf-8", response.body());
        } catch (IOException e) {
            json(exchange, 503, Answer.error(503, "the key belongs to the worker at " + owner
                    + ", which does not answer (" + e.getMessage() + "); retry once the group has rebalanced").body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            json(exchange, 503, Answer.error(503, "interrupted while asking " + owner).body());
        }
    }

    private void ingress(HttpExchange exchange) throws IOException {
        Tracer tracer = Tracing.tracer();
        if (tracer == null) {
            ingressUntraced(exchange);
            return;
        }
        Span span = HttpSpans.start(tracer, exchange, "POST /topics/{topic}");
        try (Scope scope = span.makeCurrent()) {
            ingressUntraced(exchange);
        } finally {
            HttpSpans.end(span, exchange);
        }
    }

    private void ingressUntraced(HttpExchange exchange) throws IOException {
        String topic = decode(exchange.getRequestURI().getRawPath().substring("/topics/".length()));
        byte[] body = readBody(exchange.getRequestBody(), Ingress.MAX_BODY_BYTES + 1);
        String requestId = exchange.getRequestHeaders().getFirst(AgentContext.REQUEST_ID_HTTP_HEADER);
        Answer answer = parts.ingress().post(topic, query(exchange).get("key"), body, requestId);
        if (answer.status() == 202) {
            exchange.getResponseHeaders().set(AgentContext.REQUEST_ID_HTTP_HEADER,
                    answer.body().get(AgentContext.REQUEST_ID_FIELD).asText());
        }
        json(exchange, answer.status(), answer.body());
    }

    private void pauseOrResume(HttpExchange exchange, boolean pause) throws IOException {
        String token = parts.adminToken();
        if (token == null) {
            json(exchange, 403, Answer.error(403, "pause and resume are off on this worker: start it with"
                    + " --admin-token (or MEPHISTO_ADMIN_TOKEN) to allow them").body());
            return;
        }
        if (!bearerMatches(exchange.getRequestHeaders().getFirst("Authorization"), token)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            json(exchange, 401, Answer.error(401, "send the admin token as 'Authorization: Bearer <token>'")
                    .body());
            return;
        }
        KafkaStreams streams = parts.streams().get();
        synchronized (this) {
            if (pause == streams.isPaused()) {
                json(exchange, 409, Answer.error(409, "the worker is already " + (pause ? "paused" : "running")
                        + "; nothing changed").body());
                return;
            }
            if (pause) {
                streams.pause();
            } else {
                streams.resume();
            }
        }
        log.info("worker {} app={}", pause ? "paused" : "resumed", parts.app().name());
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("paused", pause);
        json(exchange, 200, body);
    }

    /** RFC 9110: the scheme is case-insensitive ({@code bearer} is {@code Bearer}); the token is compared in constant time. */
    static boolean bearerMatches(String authorization, String token) {
        String scheme = "Bearer ";
        if (authorization == null || !authorization.regionMatches(true, 0, scheme, 0, scheme.length())) {
            return false;
        }
        String given = authorization.substring(scheme.length()).strip();
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] readBody(InputStream in, int limit) throws IOException {
        return in.readNBytes(limit);
    }

    private static JsonNode stateBody(WorkerState state) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("state", state.name());
        return body;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
