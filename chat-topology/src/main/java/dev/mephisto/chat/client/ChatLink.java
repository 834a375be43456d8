package dev.mephisto.chat.client;

import dev.mephisto.chat.ChatRequest;
import dev.mephisto.chat.Delivery;
import java.time.Duration;
import java.util.List;

/**
 * One chat client's way to the chat: straight to Kafka ({@link ChatConnection}) or through a
 * gateway's WebSocket ({@link GatewayConnection}, no Kafka access needed). {@link #send} may be
 * called from any thread, {@link #poll} from one.
 *
 * <pre>{@code
 * try (ChatLink chat = GatewayConnection.open("ws://localhost:8080/chat", "alex")) {
 *     chat.send(ChatRequest.join("alex", chat.session(), 3));
 *     chat.poll(Duration.ofSeconds(1)).forEach(System.out::println);
 * }
 * }</pre>
 */
public interface ChatLink extends AutoCloseable {

    /** The user this link speaks for. */
    String user();

    /** The session id its requests carry, and whose deliveries it returns. */
    String session();

    /** Sends a request and waits until it is on its way (Kafka has it, or the gateway's socket took it). */
    void send(ChatRequest request);

    /** This session's deliveries that arrived within {@code timeout}, oldest first. */
    List<Delivery> poll(Duration timeout);

    /** Makes a {@link #poll} in progress in another thread return at once. */
    void wakeup();

    @Override
    void close();
}
