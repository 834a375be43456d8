package dev.mephisto.chat.client;

import dev.mephisto.ClientOptions;
import dev.mephisto.ReadOptions;
import dev.mephisto.Received;
import dev.mephisto.TopicClient;
import dev.mephisto.TopicReader;
import dev.mephisto.chat.ChatApp;
import dev.mephisto.chat.ChatOptions;
import dev.mephisto.chat.ChatRequest;
import dev.mephisto.chat.Delivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One chat client's link to Kafka: it writes the user's requests to {@code chat-requests} and reads
 * the user's own deliveries from the one partition of {@code chat-deliveries} that holds them,
 * starting from now, skipping deliveries meant for other sessions of the same name; with fan-out at
 * the edge it also reads {@code chat-room-events} and keeps what its {@link RoomSeat} lets through
 * (a gateway does the same for many clients at once: prefer it when users should need no Kafka). Not
 * thread-safe for {@link #poll}; {@link #send} may be called from any thread.
 *
 * <pre>{@code
 * try (ChatConnection chat = ChatConnection.open("localhost:9092", "alex")) {
 *     chat.send(ChatRequest.join("alex", chat.session(), 3));
 *     for (Delivery d : chat.poll(Duration.ofSeconds(1))) System.out.println(d);
 * }
 * }</pre>
 */
public final class ChatConnection implements ChatLink {

    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(15);

    /** The chat's topic declarations, for a connection opened without a chat app of its own. */
    private static final class Declared {
        static final ChatApp CHAT = ChatApp.create(ChatOptions.defaults());
    }

    private final ChatApp chat;
    private final String user;
    private final String session;
    private final TopicClient client;
    private TopicReader<String, Delivery> deliveries;
    private TopicReader<String, Delivery> roomEvents;
    private final RoomSeat seat;

    private ChatConnection(ChatApp chat, Properties kafka, String user, String session) {
        this.chat = chat;
        this.user = user;
        this.session = session;
        this.seat = new RoomSeat(user, session);
        this.client = TopicClient.connect(chat.app(), ClientOptions.defaults().withKafka(kafka)
                .withClientId("chat-client-" + user).withTimeout(OPEN_TIMEOUT)
                .withKafka("linger.ms", 0).withKafka("delivery.timeout.ms", 30_000)
                .withKafka("request.timeout.ms", 10_000).withKafka("fetch.max.wait.ms", 100));
    }

    /** Opens a connection for {@code user} with a new random session id. */
    public static ChatConnection open(String bootstrapServers, String user) {
        return open(bootstrapServers, user, "s-" + java.util.UUID.randomUUID().toString().substring(0, 8));
    }

    /**
     * Opens a connection for {@code user} under {@code session}, positioned at the end of the user's
     * deliveries, so it sees everything caused by requests sent after this returns.
     *
     * @throws IllegalStateException when no broker answers or the chat topics do not exist yet
     */
    public static ChatConnection open(String bootstrapServers, String user, String session) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers can't be null");
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", bootstrapServers);
        return open(kafka, user, session);
    }

    /**
     * Opens a connection with these Kafka client properties ({@code bootstrap.servers} and any
     * security settings), as {@link dev.mephisto.cli.BrokerOptions#clientProperties} gives them.
     */
    public static ChatConnection open(Properties kafka, String user, String session) {
        return open(Declared.CHAT, kafka, user, session);
    }

    /** Like {@link #open(Properties, String, String)}, for the topics of this chat app. */
    public static ChatConnection open(ChatApp chat, Properties kafka, String user, String session) {
        Objects.requireNonNull(chat, "chat can't be null");
        Objects.requireNonNull(kafka, "kafka properties can't be null");
        String bootstrapServers = kafka.getProperty("bootstrap.servers");
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("the Kafka properties have no bootstrap.servers: pass --broker host:port");
        }
        Objects.requireNonNull(user, "user can't be null");
        Objects.requireNonNull(session, "session can't be null");
        if (user.isBlank()) {
            throw new IllegalArgumentException("the user name is empty: pick a name such as --user alex");
        }
        ChatConnection connection = new ChatConnection(chat, kafka, user, session);
        try {
            connection.readOwnPartition(bootstrapServers);
            return connection;
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private void readOwnPartition(String bootstrap) {
        int requestPartitions;
        try {
            requestPartitions = client.partitions(chat.requests());
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IllegalStateException("no Kafka broker answers at " + bootstrap + " within " + OPEN_TIMEOUT.toSeconds()
                    + " s: start a chat worker (java -jar mephisto-chat.jar worker) or pass --broker host:port", e);
        }
        if (requestPartitions == 0 || client.partitions(chat.deliveries()) == 0) {
            throw new IllegalStateException("topic " + ChatApp.DELIVERIES + " does not exist at " + bootstrap
                    + ": start a chat worker first (java -jar mephisto-chat.jar worker --broker " + bootstrap + ")");
        }
        // live view: a delivery shows as soon as it is written, as the chat has always read
        deliveries = client.read(chat.deliveries(), ReadOptions.fromEnd()
                .withPartitions(client.partitionOf(chat.deliveries(), user)).withReadCommitted(false));
        if (client.partitions(chat.roomEvents()) > 0) {
            // every room's partition: the client may /join any room, and its seat picks its own out
            roomEvents = client.read(chat.roomEvents(), ReadOptions.fromEnd().withReadCommitted(false));
        }
    }

    /** The user this connection speaks for. */
    public String user() {
        return user;
    }

    /** The session id it sends, and whose deliveries it returns. */
    public String session() {
        return session;
    }

    /**
     * Sends a request keyed by the user and waits until Kafka has it.
     *
     * @throws IllegalStateException when Kafka does not take it within 30 s
     */
    public void send(ChatRequest request) {
        Objects.requireNonNull(request, "request can't be null");
        try {
            client.send(chat.requests(), user, request).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send " + request.type() + " to " + ChatApp.REQUESTS + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + request.type(), e);
        }
    }

    /** This user's deliveries for this session that arrived within {@code timeout}, oldest first. */
    public List<Delivery> poll(Duration timeout) {
        List<Delivery> mine = new ArrayList<>();
        Duration half = roomEvents == null ? timeout : timeout.dividedBy(2);
        if (roomEvents != null) {
            for (Received<String, Delivery> record : roomEvents.poll(half)) {
                if (record.failure().isEmpty()) {
                    seat.accept(record.value()).ifPresent(mine::add);
                }
            }
        }
        for (Received<String, Delivery> record : deliveries.poll(mine.isEmpty() ? half : Duration.ZERO)) {
            if (record.failure().isPresent() || !user.equals(record.key())) {
                continue; // another user's, or not a delivery this client understands
            }
            Delivery delivery = record.value();
            if (delivery != null && (delivery.session() == null || delivery.session().equals(session))) {
                mine.add(delivery);
            }
        }
        return mine;
    }

    /** Makes a {@link #poll} in progress in another thread return at once, with nothing. */
    public void wakeup() {
        deliveries.wakeup();
        if (roomEvents != null) {
            roomEvents.wakeup();
        }
    }

    @Override
    public void close() {
        if (deliveries != null) {
            deliveries.close();
        }
        if (roomEvents != null) {
            roomEvents.close();
        }
        client.close();
    }
}
