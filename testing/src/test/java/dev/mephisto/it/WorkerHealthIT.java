package dev.mephisto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.Topic;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.broker.EmbeddedBroker;
import dev.mephisto.testing.KafkaClusterExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Readiness and liveness tell the truth, and slow clients cannot starve them (issue 12, items 4, 5, 6, 10). */
@Timeout(300)
class WorkerHealthIT {

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private WorkerOptions options(String name, String broker) {
        return WorkerOptions.defaults().withBroker(broker).withStateDir(dir.resolve(name)).withWebPort(0);
    }

    private static App copyApp(String name, long sleepOnSlowMs) {
        App app = App.create(name);
        Topic<String, String> in = app.topic(name + "-in", Codec.string(), Codec.string());
        Topic<String, String> out = app.topic(name + "-out", Codec.string(), Codec.string());
        app.agent("copier", in, (key, value, ctx) -> {
            if (value.equals("slow")) {
                Thread.sleep(sleepOnSlowMs);
            }
            ctx.send(out, key, value);
        }).sendsTo(out);
        return app;
    }

    @Test
    void shouldKeepAnsweringHealthWhileSlowClientsHoldConnectionsAndCloseThemAfterTheRequestTimeout()
            throws Exception {
        try (Worker worker = Worker.start(copyApp("health-slow", 0), options("slow", kafka.bootstrapServers()))) {
            worker.awaitRunning(Duration.ofSeconds(60));
            String base = "http://127.0.0.1:" + worker.webPort();
            List<Socket> slow = new ArrayList<>();
            try {
                long opened = System.nanoTime();
                for (int i = 0; i < 16; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", worker.webPort()), 5000);
                    OutputStream out = socket.getOutputStream();
                    out.write("GET /health/ready HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    slow.add(socket);
                }
                Thread.sleep(500); // let the server hand every slow connection to a thread
                for (String path : List.of("/health/live", "/health/ready", "/metrics")) {
                    long started = System.nanoTime();
                    HttpResponse<String> answer = get(base + path, Duration.ofSeconds(5));
                    long ms = (System.nanoTime() - started) / 1_000_000;
                    assertEquals(200, answer.statusCode(), path + ": " + answer.body());
                    System.out.printf("FIGURES health: %s answered in %d ms beside 16 stalled clients%n", path, ms);
                }
                for (Socket socket : slow) {
                    socket.setSoTimeout(60_000);
                    InputStream in = socket.getInputStream();
                    try {
                        byte[] buffer = new byte[512];
                        int read;
                        do {
                            read = in.read(buffer);
                        } while (read > 0);
                    } catch (SocketTimeoutException e) {
                        throw new AssertionError("a client that never finished its request still holds a connection"
                                + " after 60 s", e);
                    } catch (java.io.IOException reset) {
                        // closed by the server: what we want
                    }
                }
                long closedMs = (System.nanoTime() - opened) / 1_000_000;
                System.out.printf("FIGURES health: 16 stalled clients disconnected by the server after %d ms%n",
                        closedMs);
                assertTrue(closedMs >= 5_000, "cut off by the request timeout (10 s), not at once: " + closedMs + " ms");
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
            assertEquals(200, get(base + "/health/ready", Duration.ofSeconds(5)).statusCode());
        }
    }

    @Test
    void shouldReportNotReadyNamingTheAgentWhileAStreamThreadIsStuckOnOneRecord() throws Exception {
        App app = copyApp("health-stuck", 12_000);
        try (Worker worker = Worker.start(app, options("stuck", kafka.bootstrapServers())
                .withStuckAfter(Duration.ofSeconds(2)))) {
            worker.awaitRunning(Duration.ofSeconds(60));
            String base = "http://127.0.0.1:" + worker.webPort();
            assertEquals(200, get(base + "/health/ready", Duration.ofSeconds(5)).statusCode());
            send(kafka.bootstrapServers(), "health-stuck-in", "slow");

            long sent = System.nanoTime();
            JsonNode stuck = awaitReady(base, body -> hasReason(body, "stuck"), Duration.ofSeconds(60));
            System.out.printf("FIGURES health: stuck agent reported after %d ms (deadline 2 s)%n",
                    (System.nanoTime() - sent) / 1_000_000);
            String message = reason(stuck, "stuck");
            assertTrue(message.contains("agent 'copier'") && message.contains("StreamThread"), message);
            assertEquals("RUNNING", stuck.get("state").asText());
            assertEquals(200, get(base + "/health/live", Duration.ofSeconds(5)).statusCode(),
                    "a stuck thread is not a dead process");

            awaitReady(base, body -> body.get("ready").asBoolean(), Duration.ofSeconds(60));
        }
    }

    @Test
    void shouldReportNotReadyWhileTheDiskHasLessThanTheMinimumFree() throws Exception {
        try (Worker worker = Worker.start(copyApp("health-disk", 0), options("disk", kafka.bootstrapServers())
                .withMinFreeDisk(Long.MAX_VALUE / 2))) {
            worker.awaitRunning(Duration.ofSeconds(60));
            String base = "http://127.0.0.1:" + worker.webPort();
            JsonNode body = awaitReady(base, b -> hasReason(b, "disk"), Duration.ofSeconds(30));
            assertTrue(reason(body, "disk").contains("under the minimum"), body.toString());
            assertEquals(200, get(base + "/health/live", Duration.ofSeconds(5)).statusCode());
        }
    }

    @Test
    void shouldReportNotReadyWhileTheBrokerIsDownAndReadyAgainWhenItReturns() throws Exception {
        Path data = dir.resolve("broker");
        EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults().withDataDir(data).withPort(0));
        int port = broker.port();
        Worker worker = null;
        try {
            worker = Worker.start(copyApp("health-broker", 0), options("broker", broker.bootstrapServers()));
            worker.awaitRunning(Duration.ofSeconds(60));
            String base = "http://127.0.0.1:" + worker.webPort();
            assertEquals(200, get(base + "/health/ready", Duration.ofSeconds(5)).statusCode());

            broker.close();
            long stopped = System.nanoTime();
            JsonNode down = awaitReady(base, body -> hasReason(body, "broker"), Duration.ofSeconds(60));
            System.out.printf("FIGURES health: broker loss reported after %d ms%n",
                    (System.nanoTime() - stopped) / 1_000_000);
            assertTrue(reason(down, "broker").contains("broker"), down.toString());

            broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults().withDataDir(data).withPort(port));
            if (broker.port() == port) {
                awaitReady(base, body -> body.get("ready").asBoolean(), Duration.ofSeconds(120));
            } else {
                System.out.printf("broker came back on port %d, not %d: recovery not asserted%n", broker.port(), port);
            }
            long closing = System.nanoTime();
            worker.close();
            System.out.printf("FIGURES health: worker closed in %d ms%n", (System.nanoTime() - closing) / 1_000_000);
        } finally {
            if (worker != null) {
                worker.close();
            }
            broker.close();
        }
    }

    static void send(String bootstrap, String topic, String value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", value)).get();
        } catch (Exception e) {
            throw new AssertionError("could not produce to " + topic + ": " + e, e);
        }
    }

    static boolean hasReason(JsonNode body, String check) {
        return reason(body, check) != null;
    }

    static String reason(JsonNode body, String check) {
        JsonNode reasons = body.get("reasons");
        if (reasons == null) {
            return null;
        }
        for (JsonNode reason : reasons) {
            if (reason.get("check").asText().equals(check)) {
                return reason.get("message").asText();
            }
        }
        return null;
    }

    /** Polls /health/ready until its body passes; asserts the status agrees with the body's "ready". */
    static JsonNode awaitReady(String base, Predicate<JsonNode> until, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode body = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = get(base + "/health/ready", Duration.ofSeconds(5));
            body = JSON.readTree(answer.body());
            assertEquals(body.get("ready").asBoolean() ? 200 : 503, answer.statusCode(), answer.body());
            if (until.test(body)) {
                return body;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("readiness did not change as expected within " + timeout + "; last: " + body);
    }

    static HttpResponse<String> get(String url, Duration timeout) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
