package dev.mephisto.chat.gateway;

import dev.mephisto.ClientOptions;
import dev.mephisto.Codec;
import dev.mephisto.ReadOptions;
import dev.mephisto.Received;
import dev.mephisto.Sent;
import dev.mephisto.TopicClient;
import dev.mephisto.TopicReader;
import dev.mephisto.chat.ChatApp;
import dev.mephisto.chat.ChatRequest;
import dev.mephisto.chat.Delivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat's door for people: serves the browser page, the room directory ({@code GET /rooms}) and
 * WebSocket connections ({@code /chat}) that speak the chat protocol's JSON. It writes each
 * connection's requests to {@code chat-requests} (stamped with the connection's session, request
 * ids kept) and fans each room's events out at the edge: it reads {@code chat-room-events} once and
 * hands each record to its own connections seated in that room, in the room's order, sender
 * included; private deliveries come from {@code chat-deliveries}. Many gateways may run side by
 * side, each for its own connections; none holds state a restart would lose beyond its sockets.
 *
 * <pre>{@code
 * try (Gateway gateway = Gateway.start(chat, kafka, GatewayOptions.defaults().withPort(8080))) {
 *     System.out.println("open " + gateway.url());
 *     Thread.currentThread().join();
 * }
 * }</pre>
 */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final ChatApp chat;
    private final GatewayOptions options;
    private final TopicClient client;
    private final Codec<Delivery> deliveries = Codec.json(Delivery.class);
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Set<Connection>> byRoom = new ConcurrentHashMap<>();
    private final Map<String, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final RoomDirectory directory;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong delivered = new AtomicLong();
    private final List<Thread> readers = new ArrayList<>();
    /** Connections holding frames of the room reader's current batch, each once (room reader thread only). */
    private final List<Connection> toFlush = new ArrayList<>();
    private final ScheduledExecutorService timer;
    private final Server server;

    private Gateway(ChatApp chat, Properties kafka, GatewayOptions options) throws Exception {
        this.chat = chat;
        this.options = options;
        this.client = TopicClient.connect(chat.app(), ClientOptions.defaults().withKafka(kafka)
                .withClientId("chat-gateway").withTimeout(Duration.ofSeconds(15))
                .withKafka("linger.ms", 1).withKafka("fetch.max.wait.ms", 50));
        if (client.partitions(chat.requests()) == 0 || client.partitions(chat.roomEvents()) == 0) {
            client.close();
            throw new IllegalStateException("the chat topics (" + ChatApp.REQUESTS + ", " + ChatApp.ROOM_EVENTS
                    + ") do not exist at " + client.bootstrapServers() + ": start a chat worker first"
                    + " (java -jar mephisto-chat.jar worker), or run 'gateway --with-worker'");
        }
        // positioned before the first connection: nothing a connection causes can be missed
        TopicReader<String, Delivery> rooms = client.read(chat.roomEvents(),
                ReadOptions.fromEnd().withReadCommitted(false));
        TopicReader<String, Delivery> personal = client.read(chat.deliveries(),
                ReadOptions.fromEnd().withReadCommitted(false));
        this.directory = new RoomDirectory(chat, client.read(chat.roomDirectory(),
                ReadOptions.fromBeginning().withReadCommitted(false)));
        readers.add(reader("chat-gateway-rooms", rooms, this::onRoomEvent, this::flushQueued));
        readers.add(reader("chat-gateway-private", personal, this::onPrivate, () -> { }));
        readers.add(directory.start(running));
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "chat-gateway-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long every = options.heartbeat().toMillis();
        timer.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
        this.server = server();
        server.start();
        log.info("gateway started url={} broker={} {}", url(), client.bootstrapServers(), options);
    }

    /**
     * Starts a gateway for {@code chat} on the Kafka cluster of these client properties
     * ({@code bootstrap.servers} and any security settings).
     *
     * @throws IllegalStateException when no broker answers, the chat topics do not exist, or the port is taken
     */
    public static Gateway start(ChatApp chat, Properties kafka, GatewayOptions options) {
        Objects.requireNonNull(chat, "chat can't be null");
        Objects.requireNonNull(kafka, "kafka properties can't be null");
        Objects.requireNonNull(options, "options can't be null");
        try {
            return new Gateway(chat, kafka, options);
        } catch (IllegalStateException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the gateway cannot listen on " + options.host() + ":" + options.port()
                    + " (" + e.getMessage() + "): pick another with --port, or 0 for any free port", e);
        } catch (Exception e) {
            throw new IllegalStateException("the gateway could not start: " + e, e);
        }
    }

    private Server server() {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("chat-gateway-http");
        Server jetty = new Server(threads);
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(options.host());
        connector.setPort(options.port());
        jetty.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        WebSocketUpgradeHandler sockets = WebSocketUpgradeHandler.from(jetty, context, container -> {
            container.setMaxTextMessageSize(options.maxFrameBytes());
            container.setMaxBinaryMessageSize(1_024);
            container.setIdleTimeout(options.idleTimeout());
            container.addMapping("/chat", (request, response, callback) -> new Connection(this));
        });
        sockets.setHandler(new Pages(directory));
        context.setHandler(sockets);
        jetty.setHandler(context);
        jetty.setStopTimeout(2_000);
        return jetty;
    }

    /** The port it listens on (the one picked when asked for 0). */
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** Where a person opens the chat: {@code http://localhost:PORT/}. */
    public String url() {
        String host = options.host().equals("0.0.0.0") ? "localhost" : options.host();
        return "http://" + host + ":" + port() + "/";
    }

    /** The WebSocket connections open now. */
    public int connections() {
        return connections.size();
    }

    /** Frames sent to clients since start: deliveries and error frames. */
    public long delivered() {
        return delivered.get();
    }

    // ---- from connections ----

    ChatApp chat() {
        return chat;
    }

    GatewayOptions options() {
        return options;
    }

    void opened(Connection connection) {
        connections.add(connection);
    }

    void identified(Connection connection) {
        byUser.computeIfAbsent(connection.user(), u -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    void wants(Connection connection, int room) {
        byRoom.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    void closed(Connection connection) {
        connections.remove(connection);
        if (connection.user() != null) {
            Set<Connection> mine = byUser.get(connection.user());
            if (mine != null) {
                mine.remove(connection);
            }
        }
        byRoom.values().forEach(set -> set.remove(connection));
    }

    CompletableFuture<Sent> produce(ChatRequest request) {
        return client.send(chat.requests(), request.user(), request);
    }

    String encode(Delivery delivery) {
        return deliveries.format(delivery);
    }

    byte[] encodeBytes(Delivery delivery) {
        return deliveries.encode(delivery);
    }

    boolean stopping() {
        return !running.get();
    }

    void countDelivered() {
        delivered.incrementAndGet();
    }

    void countDelivered(int frames) {
        delivered.addAndGet(frames);
    }

    void later(Runnable task, long millis) {
        if (running.get()) {
            timer.schedule(task, millis, TimeUnit.MILLISECONDS);
        }
    }

    // ---- from Kafka ----

    private void onRoomEvent(Received<String, Delivery> record) {
        Delivery event = record.value();
        if (event == null || event.room() == null) {
            return;
        }
        Set<Connection> here = byRoom.get(event.room());
        if (here == null) {
            return;
        }
        Connection.SharedFrame frame = new Connection.SharedFrame(this, event);
        for (Connection connection : here) {
            if (connection.onRoomEvent(event, frame)) {
                toFlush.add(connection);
            }
        }
    }

    /** After each batch the room reader polled: every connection it queued frames for writes them. */
    private void flushQueued() {
        for (Connection connection : toFlush) {
            connection.flush();
        }
        toFlush.clear();
    }

    private void onPrivate(Received<String, Delivery> record) {
        Delivery delivery = record.value();
        if (delivery == null || record.key() == null) {
            return;
        }
        Set<Connection> theirs = byUser.get(record.key());
        if (theirs == null) {
            return;
        }
        for (Connection connection : theirs) {
            connection.onPrivate(delivery);
        }
    }

    private void heartbeat() {
        long now = System.currentTimeMillis();
        for (Connection connection : connections) {
            try {
                connection.heartbeatIfQuiet(now, options.heartbeat().toMillis());
            } catch (RuntimeException e) {
                log.warn("heartbeat failed user={} error=\"{}\"", connection.user(), e.toString());
            }
        }
    }

    private Thread reader(String name, TopicReader<String, Delivery> reader,
            java.util.function.Consumer<Received<String, Delivery>> each, Runnable afterBatch) {
        Thread thread = new Thread(() -> {
            try (reader) {
                while (running.get()) {
                    for (Received<String, Delivery> record : reader.poll(POLL)) {
                        if (record.failure().isPresent()) {
                            log.warn("undecodable delivery skipped topic={} partition={} offset={}", record.topic(),
                                    record.partition(), record.offset());
                            continue;
                        }
                        each.accept(record);
                    }
                    afterBatch.run();
                }
            } catch (org.apache.kafka.common.errors.WakeupException stopping) {
                // close() woke it
            } catch (RuntimeException e) {
                log.error("gateway reader {} stopped: {}", name, e.toString(), e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Stops listening, closes every connection (each one's user leaves its room) and the Kafka clients. */
    @Override
    public void close() {
        if (!running.getAndSet(false)) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("gateway stop failed: {}", e.toString());
        }
        timer.shutdownNow();
        for (Thread reader : readers) {
            try {
                reader.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.flush();
        client.close();
        log.info("gateway stopped");
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
