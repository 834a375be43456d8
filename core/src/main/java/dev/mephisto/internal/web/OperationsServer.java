package dev.mephisto.internal.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mephisto.internal.codec.JsonCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The worker's HTTP surface on the JDK's own server: health and table lookups. */
public final class OperationsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OperationsServer.class);
    private static final Set<KafkaStreams.State> ALIVE = EnumSet.of(KafkaStreams.State.CREATED,
            KafkaStreams.State.REBALANCING, KafkaStreams.State.RUNNING);

    private final HttpServer server;
    private final ExecutorService executor;

    private OperationsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving on {@code port} (0 for any free port) of all interfaces. */
    public static OperationsServer start(int port, KafkaStreams streams, TableLookup tables) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "mephisto-web");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/health/live", exchange -> {
            KafkaStreams.State state = streams.state();
            respond(exchange, ALIVE.contains(state) ? 200 : 503, stateBody(state));
        });
        server.createContext("/health/ready", exchange -> {
            KafkaStreams.State state = streams.state();
            respond(exchange, state == KafkaStreams.State.RUNNING ? 200 : 503, stateBody(state));
        });
        server.createContext("/tables/", exchange -> {
            String[] parts = exchange.getRequestURI().getRawPath().substring("/tables/".length()).split("/", 2);
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                TableLookup.Answer answer = TableLookup.error(400, "use GET /tables/{table}/{key}");
                respond(exchange, answer.status(), answer.body());
                return;
            }
            TableLookup.Answer answer = tables.lookup(decode(parts[0]), decode(parts[1]));
            respond(exchange, answer.status(), answer.body());
        });
        server.start();
        log.info("operations HTTP ready port={}", server.getAddress().getPort());
        return new OperationsServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static JsonNode stateBody(KafkaStreams.State state) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("state", state.name());
        return body;
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JsonCodec.defaultMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
