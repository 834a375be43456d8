package dev.mephisto.chat.it;

import dev.mephisto.chat.ChatRequest;
import dev.mephisto.chat.Delivery;
import dev.mephisto.chat.DeliveryType;
import dev.mephisto.chat.Status;
import dev.mephisto.chat.client.ChatConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A chat client for ITs: a {@link ChatConnection} that keeps what it received and waits with a timeout. */
final class TestClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(60);

    final ChatConnection connection;
    final List<Delivery> received = new ArrayList<>();
    private int read;

    TestClient(String bootstrap, String user) {
        this.connection = ChatConnection.open(bootstrap, user);
    }

    String user() {
        return connection.user();
    }

    void join(int room) {
        connection.send(ChatRequest.join(user(), connection.session(), room));
        await(d -> d.type() == DeliveryType.HISTORY && d.room() == room, "the history of room " + room);
    }

    void say(String text) {
        connection.send(ChatRequest.comment(user(), connection.session(), text));
    }

    void leave() {
        connection.send(ChatRequest.leave(user(), connection.session()));
    }

    /** Waits for the next delivery (after the last one awaited) that matches, and returns it. */
    Delivery await(Predicate<Delivery> wanted, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (; read < received.size(); read++) {
                if (wanted.test(received.get(read))) {
                    return received.get(read++);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(user() + " did not receive " + what + " within " + WAIT + "; received "
                        + received);
            }
            received.addAll(connection.poll(Duration.ofMillis(100)));
        }
    }

    Delivery awaitComment(String from, String text) {
        return await(d -> d.type() == DeliveryType.COMMENT && from.equals(d.from()) && text.equals(d.text()),
                "'" + from + ": " + text + "'");
    }

    Delivery awaitStatus(Status status, String subject) {
        return await(d -> d.type() == DeliveryType.ROOM_STATUS && d.status() == status
                && (subject == null || subject.equals(d.subject())), status + " of " + subject);
    }

    /** The comments received so far, as {@code from: text}. */
    List<String> comments() {
        received.addAll(connection.poll(Duration.ofMillis(200)));
        return received.stream().filter(d -> d.type() == DeliveryType.COMMENT).map(d -> d.from() + ": " + d.text())
                .toList();
    }

    @Override
    public void close() {
        connection.close();
    }
}
