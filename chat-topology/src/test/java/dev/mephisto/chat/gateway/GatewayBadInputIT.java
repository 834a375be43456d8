package dev.mephisto.chat.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.ClientOptions;
import dev.mephisto.ReadOptions;
import dev.mephisto.Received;
import dev.mephisto.TopicClient;
import dev.mephisto.TopicReader;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.chat.ChatApp;
import dev.mephisto.chat.ChatOptions;
import dev.mephisto.chat.ChatRequest;
import dev.mephisto.chat.SportEvent;
import dev.mephisto.testing.KafkaClusterExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input at the gateway: frames that are no request, frames too large, a flood, a client that
 * never reads. Each gets an error frame or a close with a reason; the gateway and the other clients
 * go on; nothing reaches Kafka for an invalid frame.
 */
@Timeout(300)
class GatewayBadInputIT {

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @TempDir
    static Path state;

    static ChatApp chat;
    static Worker worker;
    static Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        if (gateway != null) {
            return; // one worker and one gateway for the whole class
        }
        chat = ChatApp.create(ChatOptions.defaults().withRooms(8));
        worker = Worker.start(chat.app(), WorkerOptions.defaults().withBroker(kafka.bootstrapServers())
                .withStateDir(state.resolve("w")).withWebPort(0));
        worker.awaitRunning(Duration.ofSeconds(120));
        gateway = Gateway.start(chat, props(), GatewayOptions.defaults().withPort(0).withMaxFrameBytes(4_096)
                .withRequestsPerSecond(5).withMaxUnsentBytes(64 * 1024));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void shouldAnswerAFrameThatIsNoRequestWithAnErrorFrameAndWriteNothingToKafka() throws Exception {
        try (TopicClient client = TopicClient.connect(chat.app(), ClientOptions.defaults().withKafka(props()));
                TopicReader<String, ChatRequest> requests = client.read(chat.requests(),
                        ReadOptions.fromEnd().withReadCommitted(false));
                WsClient ann = new WsClient(gateway.port(), "ann")) {
            requests.poll(Duration.ofMillis(200)); // positioned
            ann.sendRaw("hello, is this JSON?");
            ann.sendRaw("{\"type\":\"DANCE\",\"user\":\"ann\"}");
            ann.sendRaw("{\"user\":\"ann\"}");
            ann.sendRaw("{\"type\":\"JOIN\",\"user\":\"ann\"}");
            ann.sendRaw("{\"type\":\"COMMENT\",\"text\":\"who am I?\"}");
            long errors = awaitCount(ann, "ERROR", 5);
            assertEquals(5, errors, "one error frame per bad frame: " + ann.frames);
            assertTrue(ann.frames.stream().anyMatch(f -> f.path("reason").asText().contains("not a chat request")),
                    ann.frames.toString());
            assertTrue(ann.frames.stream().anyMatch(f -> f.path("reason").asText().contains("needs a \"room\"")),
                    ann.frames.toString());
            ann.join(1);
            List<ChatRequest> written = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (written.stream().noneMatch(r -> r.type() == dev.mephisto.chat.RequestType.JOIN)
                    && System.nanoTime() < deadline) {
                for (Received<String, ChatRequest> record : requests.poll(Duration.ofMillis(200))) {
                    if ("ann".equals(record.key())) {
                        written.add(record.value());
                    }
                }
            }
            assertEquals(List.of(dev.mephisto.chat.RequestType.JOIN), written.stream().map(ChatRequest::type).toList(),
                    "only the valid JOIN reached " + ChatApp.REQUESTS);
            assertTrue(ann.closeCode == null, "the connection stays open after bad frames");
        }
    }

    @Test
    void shouldCloseAConnectionThatSendsAFrameLargerThanTheLimitAndKeepTheOthers() {
        try (WsClient big = new WsClient(gateway.port(), "big"); WsClient bea = new WsClient(gateway.port(), "bea")) {
            bea.join(2);
            big.sendRaw("{\"type\":\"COMMENT\",\"user\":\"big\",\"text\":\"" + "x".repeat(10_000) + "\"}");
            big.awaitClosed(Duration.ofSeconds(30));
            assertEquals(1009, big.closeCode, "1009: message too big; reason: " + big.closeReason);
            bea.say("still fine");
            bea.awaitComments(1, Duration.ofSeconds(60));
        }
    }

    @Test
    void shouldRefuseAFloodWithErrorFramesThenCloseItAndKeepTheOthers() {
        try (WsClient flood = new WsClient(gateway.port(), "flood"); WsClient cal = new WsClient(gateway.port(), "cal")) {
            cal.join(3);
            flood.join(3);
            boolean cutWhileSending = false;
            for (int i = 0; i < 400 && flood.closeCode == null; i++) {
                try {
                    flood.sendRaw("{\"type\":\"COMMENT\",\"text\":\"spam " + i + "\"}");
                } catch (java.util.concurrent.CompletionException closedByTheGateway) {
                    cutWhileSending = true; // the gateway closed it while a send was under way
                    break;
                }
            }
            if (!cutWhileSending) {
                flood.awaitClosed(Duration.ofSeconds(30));
            }
            // a send cut by the close can make the JDK client drop the close frame it had not read yet
            if (!cutWhileSending || flood.closeCode != null) {
                assertEquals(1008, flood.closeCode);
                assertTrue(flood.closeReason.contains("flooding"), flood.closeReason);
            }
            assertTrue(flood.frames.stream().anyMatch(f -> f.path("reason").asText().contains("too many requests")),
                    "refused requests are told first");
            long spam = cal.comments().stream().filter(c -> c.startsWith("flood: spam")).count();
            assertTrue(spam <= 20, "at most the burst and the rate got through, not 400: " + spam);
            cal.say("after the flood");
            cal.awaitFrame(f -> "after the flood".equals(f.path("text").asText()), Duration.ofSeconds(60),
                    "its own comment");
        }
    }

    @Test
    void shouldCloseAClientThatNeverReadsAndKeepDeliveringToTheOthers() throws Exception {
        int before = gateway.connections();
        try (WsClient dan = new WsClient(gateway.port(), "dan"); Socket deaf = new Socket()) {
            dan.join(4);
            deaf.setReceiveBufferSize(2_048);
            deaf.connect(new InetSocketAddress("localhost", gateway.port()), 10_000);
            handshake(deaf);
            frame(deaf.getOutputStream(), "{\"type\":\"JOIN\",\"user\":\"deaf\",\"room\":4}");
            dan.awaitFrame(f -> "deaf".equals(f.path("subject").asText()), Duration.ofSeconds(60), "deaf joining");
            int events = 1_500;
            try (TopicClient client = TopicClient.connect(chat.app(),
                    ClientOptions.defaults().withKafka(props()))) {
                String title = "t".repeat(4_000);
                for (int i = 0; i < events; i++) {
                    client.send(chat.sportEvents(), "e" + i, new SportEvent(i, i, 1, title, "goal"));
                }
                client.flush();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (gateway.connections() > before + 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(before + 1, gateway.connections(), "the client that never reads was closed");
            assertEquals(events, awaitCount(dan, "EVENT", events), "the reader got every event meanwhile");
        }
    }

    private static java.util.Properties props() {
        java.util.Properties properties = new java.util.Properties();
        properties.put("bootstrap.servers", kafka.bootstrapServers());
        return properties;
    }

    private static long awaitCount(WsClient client, String type, long count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long got = 0;
        while (System.nanoTime() < deadline) {
            got = client.frames.stream().filter(f -> type.equals(f.path("type").asText())).count();
            if (got >= count) {
                break;
            }
            WsClient.sleep(50);
        }
        WsClient.sleep(200);
        return client.frames.stream().filter(f -> type.equals(f.path("type").asText())).count();
    }

    private static void handshake(Socket socket) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(("GET /chat HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        socket.setSoTimeout(10_000);
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the gateway closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
    }

    /** One masked text frame, as a client must send it. */
    private static void frame(OutputStream out, String text) throws Exception {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        out.write(0x81);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else {
            out.write(0x80 | 126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xff);
        }
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        out.flush();
    }
}
