package dev.mephisto.chat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.chat.ChatApp;
import dev.mephisto.chat.ChatOptions;
import dev.mephisto.chat.ChatRequest;
import dev.mephisto.chat.Delivery;
import dev.mephisto.chat.RoomState;
import dev.mephisto.chat.Status;
import dev.mephisto.testing.KafkaClusterExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker restarted with another {@code --capacity}: a room stored with the old capacity keeps it in
 * {@code chat-rooms} until its next request, which the new capacity decides (and stores).
 */
@Timeout(240)
class CapacityRestartIT {

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @Test
    void shouldSeatByTheRestartedWorkersCapacityFromTheRoomsNextJoin() throws Exception {
        Path state = Files.createTempDirectory("chat-capacity-it-");
        ChatOptions options = ChatOptions.defaults().withPresenceTimeout(Duration.ofMinutes(10));   // alex stays
        ChatApp before = ChatApp.create(options);
        try (Worker worker = start(before, state); TestClient alex = new TestClient(kafka.bootstrapServers(), "alex")) {
            alex.join(1);
            assertEquals(25, joined(alex).capacity());
            assertEquals(25, await(worker, before, 25).capacity());
        }

        ChatApp after = ChatApp.create(options.withCapacity(2));
        try (Worker worker = start(after, state);
                TestClient tim = new TestClient(kafka.bootstrapServers(), "tim");
                TestClient zoe = new TestClient(kafka.bootstrapServers(), "zoe")) {
            assertEquals(25, await(worker, after, 25).capacity(),
                    "the stored room keeps the old capacity until its next request");
            tim.join(1);
            assertEquals(2, joined(tim).capacity(), "the next join gets the new one");
            zoe.connection.send(ChatRequest.join("zoe", zoe.connection.session(), 1));   // no history comes: not join(1)
            Delivery full = zoe.awaitStatus(Status.DENIED_ROOMFULL, null);
            assertEquals(2, full.capacity());
            assertEquals(2, await(worker, after, 2).capacity(), "and the room is stored with it");
        }
    }

    /** The USERJOINED a client's own join brought it ({@link TestClient#join} reads up to the room's history). */
    private static Delivery joined(TestClient client) {
        return client.received.stream().filter(d -> d.status() == Status.USERJOINED && client.user().equals(d.subject()))
                .findFirst().orElseThrow(() -> new AssertionError(client.user() + " saw no USERJOINED of its own: "
                        + client.received));
    }

    /** Room 1 as the worker's table holds it, once it has the capacity wanted (or after 60 s, as it is). */
    private static RoomState await(Worker worker, ChatApp chat, int capacity) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        RoomState room = null;
        while (System.nanoTime() < deadline) {
            try {
                room = worker.get(chat.rooms(), "1");
            } catch (RuntimeException notQueryableYet) {
                room = null;
            }
            if (room != null && room.capacity() == capacity) {
                return room;
            }
            Thread.sleep(100);
        }
        if (room == null) {
            throw new AssertionError("room 1 is not in " + ChatApp.ROOMS + " within 60 s");
        }
        return room;
    }

    private static Worker start(ChatApp chat, Path state) throws InterruptedException {
        Worker worker = Worker.start(chat.app(), WorkerOptions.defaults().withBroker(kafka.bootstrapServers())
                .withStateDir(state).withWebPort(-1));
        worker.awaitRunning(Duration.ofSeconds(90));
        return worker;
    }
}
