package dev.mephisto.chat.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.chat.ChatApp;
import dev.mephisto.chat.ChatOptions;
import dev.mephisto.chat.ChatRequest;
import dev.mephisto.chat.Delivery;
import dev.mephisto.chat.Status;
import dev.mephisto.chat.client.GatewayConnection;
import dev.mephisto.testing.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many WebSocket clients across two gateways and two workers on the real broker: each room's
 * comments reach every member once, in one order; a client that comes back after its gateway
 * restarted misses nothing (it resumes from the room's history, numbered by {@code seq}).
 */
@Timeout(300)
class GatewayIT {

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @TempDir
    Path state;

    @Test
    void shouldDeliverEveryCommentOfARoomToEveryMemberOnceInOneOrderAcrossTwoGatewaysAndTwoWorkers() throws Exception {
        ChatApp chat = ChatApp.create(ChatOptions.defaults().withRooms(2).withCapacity(25));
        try (Worker first = start(chat, "a"); Worker second = start(ChatApp.create(chat.options()), "b")) {
            first.awaitRunning(Duration.ofSeconds(120));
            second.awaitRunning(Duration.ofSeconds(120));
            try (Gateway east = Gateway.start(chat, kafka(), GatewayOptions.defaults().withPort(0));
                    Gateway west = Gateway.start(chat, kafka(), GatewayOptions.defaults().withPort(0))) {
                List<WsClient> clients = new ArrayList<>();
                try {
                    for (int i = 0; i < 12; i++) {
                        WsClient client = new WsClient((i % 2 == 0 ? east : west).port(), "user" + i);
                        clients.add(client);
                        client.join(i % 3 == 0 ? 1 : 0);
                    }
                    for (int round = 0; round < 3; round++) {
                        for (WsClient client : clients) {
                            client.say("round " + round + " from " + client.user);
                        }
                    }
                    TreeMap<Integer, List<String>> orderOfRoom = new TreeMap<>();
                    for (int i = 0; i < clients.size(); i++) {
                        int room = i % 3 == 0 ? 1 : 0;
                        int said = 3 * (int) java.util.stream.IntStream.range(0, clients.size())
                                .filter(j -> (j % 3 == 0 ? 1 : 0) == room).count();
                        WsClient client = clients.get(i);
                        client.awaitComments(said, Duration.ofSeconds(120));
                        WsClient.sleep(300);
                        List<String> got = client.comments();
                        assertEquals(said, got.size(), client.user + " gets each comment of room " + room + " once: " + got);
                        assertEquals(said, got.stream().distinct().count(), client.user + ": no comment twice");
                        List<String> first0 = orderOfRoom.putIfAbsent(room, got);
                        if (first0 != null) {
                            assertEquals(first0, got, client.user + " sees room " + room + " in the room's one order");
                        }
                    }
                    assertTrue(orderOfRoom.get(1).stream().allMatch(c -> {
                        int n = Integer.parseInt(c.substring(c.lastIndexOf("user") + 4));
                        return n % 3 == 0;
                    }), "room 1 hears only room 1: " + orderOfRoom.get(1));
                    assertTrue(east.delivered() > 0 && west.delivered() > 0, "both gateways delivered");
                } finally {
                    clients.forEach(WsClient::close);
                }
            }
        }
    }

    @Test
    void shouldLoseNoCommentForAClientThatReconnectsAfterItsGatewayRestarted() throws Exception {
        ChatApp chat = ChatApp.create(ChatOptions.defaults());
        try (Worker worker = start(chat, "w")) {
            worker.awaitRunning(Duration.ofSeconds(120));
            try (Gateway stays = Gateway.start(chat, kafka(), GatewayOptions.defaults().withPort(0));
                    WsClient tim = new WsClient(stays.port(), "tim")) {
                tim.join(2);
                String alexSession;
                Gateway restarting = Gateway.start(chat, kafka(), GatewayOptions.defaults().withPort(0));
                try (WsClient alex = new WsClient(restarting.port(), "alex")) {
                    alexSession = alex.session();
                    alex.join(2);
                    tim.say("one");
                    alex.awaitComments(1, Duration.ofSeconds(60));
                } finally {
                    restarting.close();
                }
                tim.say("two");
                tim.say("three");
                tim.awaitComments(3, Duration.ofSeconds(60));
                try (Gateway restarted = Gateway.start(chat, kafka(), GatewayOptions.defaults().withPort(0));
                        WsClient alex = new WsClient(restarted.port(), "alex")) {
                    alex.send("JOIN", "room", 2, "session", alexSession);
                    JsonNode history = alex.awaitFrame(f -> "HISTORY".equals(f.path("type").asText()),
                            Duration.ofSeconds(60), "the room's history");
                    tim.say("four");
                    alex.awaitComments(1, Duration.ofSeconds(60));
                    List<String> seen = new ArrayList<>();
                    for (JsonNode entry : history.path("history")) {
                        if (entry.path("seq").asLong() > 1) { // seq 1 was shown before the restart
                            seen.add(entry.path("from").asText() + ": " + entry.path("text").asText());
                        }
                    }
                    seen.addAll(alex.comments());
                    assertEquals(List.of("tim: two", "tim: three", "tim: four"), seen,
                            "after the restart alex gets what was said meanwhile from the history, then the room goes on");
                    assertTrue(alex.frames.stream().noneMatch(f -> "DENIED_NAMETAKEN".equals(f.path("status").asText())),
                            "the same session takes its seat back: " + alex.frames);
                }
            }
        }
    }

    @Test
    void shouldLetATerminalClientChatThroughTheGatewayWithoutKafka() throws Exception {
        // names of its own: this class's tests share one cluster, and a name another test's session still holds is refused
        ChatApp chat = ChatApp.create(ChatOptions.defaults());
        try (Worker worker = start(chat, "t")) {
            worker.awaitRunning(Duration.ofSeconds(120));
            try (Gateway gateway = Gateway.start(chat, kafka(), GatewayOptions.defaults().withPort(0));
                    GatewayConnection ada = GatewayConnection.open(gateway.url(), "ada");
                    WsClient tom = new WsClient(gateway.port(), "tom")) {
                ada.send(ChatRequest.join("ada", ada.session(), 4));
                List<Delivery> seen = new ArrayList<>();
                awaitDelivery(ada, seen, d -> d.status() == Status.USERJOINED && "ada".equals(d.subject()));
                tom.join(4);
                ada.send(ChatRequest.comment("ada", ada.session(), "hi from a terminal"));
                tom.awaitFrame(f -> "hi from a terminal".equals(f.path("text").asText()), Duration.ofSeconds(60),
                        "ada's comment");
                tom.say("hi ada");
                Delivery comment = awaitDelivery(ada, seen, d -> "hi ada".equals(d.text()));
                assertEquals("tom", comment.from());
                assertEquals("ada", comment.user(), "a room-wide frame is addressed to its connection");
                assertEquals(ada.session(), comment.session());
            }
        }
    }

    private static Delivery awaitDelivery(GatewayConnection link, List<Delivery> seen,
            java.util.function.Predicate<Delivery> which) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            seen.addAll(link.poll(Duration.ofMillis(200)));
            for (Delivery d : seen) {
                if (which.test(d)) {
                    return d;
                }
            }
        }
        throw new AssertionError("the terminal link did not receive it within 60 s; got " + seen);
    }

    private Worker start(ChatApp chat, String name) {
        return Worker.start(chat.app(), WorkerOptions.defaults().withBroker(kafka.bootstrapServers())
                .withStateDir(state.resolve(name)).withWebPort(0));
    }

    static Properties kafka() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", kafka.bootstrapServers());
        return properties;
    }
}
